import type { IatiPublisher } from '../../config.js';
import { sessionCanceller } from '../../db/cancel.js';
import type { EntityManager, Orm } from '../../db/orm.js';
import type { Viewer } from '../../auth/viewer.js';
import { TributaryError } from '../../errors.js';
import { checkProjection } from '../../mapping/projection/setup.js';
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
  /** The checks that can refuse the download, run before a ticket is issued for it (its refusals are the same). */
  readonly check: () => Promise<void>;
  /** The refusal a domain error before any byte becomes, or null to treat it as a failure. */
  readonly refusal: (error: unknown) => { status: number; code: string; message: string; parameter?: string } | null;
}

/**
 * `work` in one read-only repeatable-read transaction, as the CLI exports; a client gone (the sink
 * failed) cancels the statement running, so the transaction ends now, not at the next write.
 */
function whileConnected<T>(orm: Orm, sink: ResponseSink, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(
    async (em) => {
      const cancel = await sessionCanceller(orm, em);
      const gone = (): void => {
        if (sink.errored) cancel?.().catch(() => undefined);
      };
      sink.once('close', gone);
      if (sink.destroyed) gone();
      try {
        return await work(em);
      } finally {
        sink.off('close', gone);
      }
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

export function budgetJob(orm: Orm, query: URLSearchParams): Job {
  const download = budgetDownloadOf(query);
  const name = budgetFileName(download);
  return {
    what: name,
    headers: fileHeaders(download.format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8', name),
    run: async (sink, viewer) => {
      const job = { request: download.request, format: download.format, by: `${viewer.subject} (${viewer.via})`, at: new Date() };
      const summary = await whileConnected(orm, sink, (em) => exportBudget(em, sink, job));
      return summary.rows;
    },
    check: async () => {
      await orm.em.fork().transactional((em) => checkProjection(em, download.request), { readOnly: true });
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
      const summary = await whileConnected(orm, sink, (em) => writeIatiExport(em, { country, segment, publisher }, sink));
      return summary.activities;
    },
    // Its refusals (no chart, no activities) come from the file's first statements: a ticket is
    // issued for any well-formed request, and a refusal then comes on the download.
    check: async () => undefined,
    refusal: (error) => {
      if (!(error instanceof IatiExportError)) return null;
      const [status, parameter] = IATI_STATUS[error.code];
      return { status, code: error.code, message: error.message, ...(parameter ? { parameter } : {}) };
    },
  };
}
