import path from 'node:path';
import { readColumnMap } from '../../../connectors/debt/column-map-check.js';
import type { LoanColumnMap } from '../../../connectors/debt/column-map.js';
import { LoanSource } from '../../../connectors/debt/source.js';
import type { LoanRecord } from '../../../connectors/debt/types.js';
import { isRejected, type Progress } from '../../../connectors/source.js';
import { mappingsDir } from '../../../src/paths.js';

export const IBRD_MAP = path.join(mappingsDir, 'debt', 'ibrd-statement-of-loans.json');

export function ibrdMap(): Promise<LoanColumnMap> {
  return readColumnMap(IBRD_MAP);
}

/** Every loan the source yields for `file`, and the progress reports it made. */
export async function readLoans(
  file: string,
  map?: LoanColumnMap,
  displayName?: string,
): Promise<{ loans: LoanRecord[]; progress: Progress[] }> {
  const progress: Progress[] = [];
  const loans: LoanRecord[] = [];
  const source = new LoanSource(map ? { map } : {});
  const input = { path: file, onProgress: (p: Progress) => progress.push(p), ...(displayName ? { displayName } : {}) };
  for await (const item of source.read(input, new AbortController().signal)) {
    if (isRejected(item)) throw new Error(`unexpected rejection: ${item.reason}`);
    loans.push(item);
  }
  return { loans, progress };
}
