import type { IatiPublisher } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import type { Viewer } from '../../auth/viewer.js';
import { TributaryError } from '../../errors.js';
import { exportBudget } from '../budget.js';
import { IatiExportError, writeIatiExport } from '../iati/write.js';
import { budgetDownloadOf, iatiDownloadOf, parameterOfField, type BudgetDownload } from './params.js';
import type { ResponseSink } from './response-sink.js';

/**
 * The two files the hub serves for download, each as a job: its name and headers, how to write it
 * into the response (one repeatable-read transaction, as the CLI exports), and which of its domain's
 * errors are the caller's (answered 4xx when they come before the first byte).
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A name a file system and a browser both take: letters, digits, dot, dash. */
const fileName = (...parts: (string | undefined)[]) =>
  parts
    .filter((part): part is string => Boolean(part))
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-');

function budgetFileName(download: BudgetDownload): string {
  const r = download.request;
  const years = r.fiscalYears?.length ? r.fiscalYears.join('_') : 'all-years';
  const treasury = r.treasury?.length ? `treasury-${r.treasury.join('_')}` : undefined;
  const budget = r.budget?.length ? `budget-${r.budget.join('_')}` : undefined;
  return `${fileName('aid-on-budget', r.country.toUpperCase(), years, treasury, budget)}.${download.format}`;
}

function fileHeaders(type: string, name: string): Record<string, string> {
  return {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

export interface Job {
  readonly what: string;
  readonly headers: Record<string, string>;
  readonly run: (sink: ResponseSink, viewer: Viewer) => Promise<number>;
  /** The refusal a domain error before any byte becomes, or null to treat it as a failure. */
  readonly refusal: (error: unknown) => { status: number; code: string; message: string; parameter?: string } | null;
}

export function budgetJob(orm: Orm, query: URLSearchParams): Job {
  const download = budgetDownloadOf(query);
  const name = budgetFileName(download);
  return {
    what: name,
    headers: fileHeaders(download.format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8', name),
    run: async (sink, viewer) => {
      const job = { request: download.request, format: download.format, by: `${viewer.subject} (${viewer.via})`, at: new Date() };
      const summary = await orm.em
        .fork()
        .transactional((em) => exportBudget(em, sink, job), { isolationLevel: 'repeatable read', readOnly: true });
      return summary.rows;
    },
    refusal: (error) => {
      if (!(error instanceof TributaryError) || error.code !== 'BAD_USER_INPUT') return null;
      const field = error.where.field ?? '';
      const parameter = parameterOfField(field);
      return { status: 400, code: 'BAD_USER_INPUT', message: error.message.replace(`${field}:`, `${parameter}:`), parameter };
    },
  };
}

const IATI_STATUS: Readonly<Record<IatiExportError['code'], [number, string | undefined]>> = {
  UNKNOWN_COUNTRY: [400, 'country'],
  NO_CHART: [400, 'country'],
  UNKNOWN_SEGMENT: [400, 'segment'],
  NO_ACTIVITIES: [404, undefined],
  NO_PUBLISHER: [503, undefined],
};

export function iatiJob(orm: Orm, publisher: IatiPublisher | null, query: URLSearchParams): Job {
  const { country, segment } = iatiDownloadOf(query);
  const name = `${fileName('iati-activities', country.toUpperCase())}.xml`;
  return {
    what: name,
    headers: fileHeaders('application/xml; charset=utf-8', name),
    run: async (sink) => {
      const summary = await orm.em.fork().transactional((em) => writeIatiExport(em, { country, segment, publisher }, sink), {
        isolationLevel: 'repeatable read',
        readOnly: true,
      });
      return summary.activities;
    },
    refusal: (error) => {
      if (!(error instanceof IatiExportError)) return null;
      const [status, parameter] = IATI_STATUS[error.code];
      return { status, code: error.code, message: error.message, ...(parameter ? { parameter } : {}) };
    },
  };
}
