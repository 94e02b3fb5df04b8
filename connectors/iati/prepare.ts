import type { Rejected } from '../source.js';
import type { ActivityChunk } from './split.js';
import { normaliseActivity } from './normalise.js';
import { validateActivity } from './validate.js';
import { lineOf } from './locate.js';
import { reportRows, type ReportRows } from '../../src/aid/load/rows.js';
import type { Codelists } from './codelists.js';
import type { Problem } from './problems.js';
import type { ActivityRecord } from './types.js';

/**
 * Parsed activity → normalised record → the aid rows it becomes, serialised by aid (src/aid/load/rows.ts).
 * This is the CPU-heavy half of an import and runs in worker threads. Pure apart from hashing.
 */
export interface PreparedActivity extends ReportRows {
  readonly kind: 'activity';
  readonly file: string;
  readonly line: number;
  readonly warnings: number;
}

const EXCERPT_CHARS = 64 * 1024;

function describe(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  if (problems.length > 5) shown.push(`and ${problems.length - 5} more`);
  return shown.join('; ');
}

export function toPrepared(record: ActivityRecord, file: string, line: number): PreparedActivity {
  return { kind: 'activity', file, line, warnings: record.warnings.length, ...reportRows(record, file, line) };
}

/** One activity chunk → a prepared activity, or a rejection naming the line and field. */
export function prepareChunk(
  chunk: ActivityChunk,
  file: string,
  fileVersion: string | null,
  codelists: Codelists,
): PreparedActivity | Rejected {
  const { record, problems } = normaliseActivity(chunk.node, fileVersion);
  if (record) validateActivity(record, codelists, problems);
  const [first] = problems.errors;
  if (first || !record) {
    const field = first?.field ?? 'iati-identifier';
    return {
      kind: 'rejected',
      file,
      line: lineOf(chunk.text, field, chunk.line),
      recordId: record?.identifier ?? null,
      field,
      code: first?.code ?? 'MISSING_FIELD',
      reason: describe(problems.errors),
      excerpt: chunk.text.slice(0, EXCERPT_CHARS),
    };
  }
  return toPrepared(record, file, chunk.line);
}
