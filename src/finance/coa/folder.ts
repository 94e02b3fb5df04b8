import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../../../connectors/formats/csv.js';
import type { CoaProblem } from './problems.js';
import type { RawChart, RawRecord } from './validate.js';

/**
 * A chart of accounts as a folder (the layout of the examples under mappings/coa/): `coa.json`
 * with the country, its calendar and its segments, and one CSV of codes per segment that lists
 * its own (`code,parent,level,name[,name_en,name_fr,name_es,alias,cofog]`). Read as text, judged
 * by `validateChart`; what cannot be read at all is a problem of the chart, not an exception.
 */
export interface ChartFolder extends RawChart {
  readonly problems: readonly CoaProblem[];
}

interface SegmentJson {
  readonly id?: unknown;
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly levels?: unknown;
  readonly codes?: unknown;
  readonly classification?: unknown;
  readonly open?: unknown;
}

const asText = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

export function readChartFolder(folder: string, display: string = folder): ChartFolder {
  const file = path.join(display, 'coa.json');
  const problems: CoaProblem[] = [];
  const empty: ChartFolder = { country: { file, fields: {} }, segments: [], codes: [], problems };
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(folder, 'coa.json'), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    json = parsed as Record<string, unknown>;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    problems.push({ file, message: `cannot read the chart: ${reason}` });
    return empty;
  }
  const calendar = (json.fiscalYear ?? {}) as Record<string, unknown>;
  const country: RawRecord = {
    file,
    fields: {
      country: asText(json.country),
      name: asText(json.name),
      currency: asText(json.currency),
      fiscal_year_start_month: asText(calendar.startMonth),
      fiscal_year_label: asText(calendar.label),
      source: asText(json.source),
    },
  };
  const segments: RawRecord[] = [];
  const codes: RawRecord[] = [];
  const listed = Array.isArray(json.segments) ? (json.segments as SegmentJson[]) : [];
  for (const segment of listed) {
    const id = asText(segment.id) ?? '';
    segments.push({
      file: `${file} segment ${id}`,
      fields: {
        id,
        kind: asText(segment.kind),
        name: asText(segment.name),
        levels: Array.isArray(segment.levels) ? segment.levels.map(String).join('|') : asText(segment.levels),
        classification: asText(segment.classification),
        open: segment.open === true ? 'true' : undefined,
      },
    });
    if (typeof segment.codes !== 'string') continue;
    const csv = path.join(display, segment.codes);
    if (!existsSync(path.join(folder, segment.codes))) {
      problems.push({ file: csv, message: `segment ${id}'s codes file is missing` });
      continue;
    }
    let rows: Record<string, string>[];
    try {
      rows = readCsvRecords(readFileSync(path.join(folder, segment.codes), 'utf8'), { file: csv, trim: true });
    } catch (error) {
      problems.push({ file: csv, message: (error as Error).message.replace(`${csv}, `, '') });
      continue;
    }
    rows.forEach((row, index) => codes.push({ file: csv, row: index + 2, fields: { ...row, segment: id } }));
  }
  return { country, segments, codes, problems };
}
