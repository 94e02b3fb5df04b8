import { readFile } from 'node:fs/promises';
import type { Rejected, Source, SourceInput } from '../source.js';
import { parseRatesCsv } from './csv-rates.js';
import { parseImfMonthly } from './imf-monthly.js';
import type { RateRecord, RatesColumnMap } from './types.js';

/** IMF monthly averages (JSON, `imf-monthly`) or a CSV read through a column map (`mappings/rates/<name>.json`). */
export type RatesFormat = { readonly format: 'imf-monthly' } | { readonly format: 'csv'; readonly map: RatesColumnMap };

export function parseRates(text: string, file: string, format: RatesFormat): RateRecord[] {
  return format.format === 'imf-monthly' ? parseImfMonthly(text, file) : parseRatesCsv(text, file, format.map);
}

/**
 * Reads one rates file. All or nothing, like a debt file: every bad cell or record is collected
 * and thrown as one error naming them all; otherwise every rate is yielded. Nothing is `Rejected`
 * one by one.
 */
export class RatesSource implements Source<RateRecord> {
  readonly name = 'rates';

  constructor(private readonly format: RatesFormat) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<RateRecord | Rejected> {
    const file = input.displayName ?? input.path;
    const text = await readFile(input.path, { encoding: 'utf8', signal });
    input.onProgress?.({ bytesRead: Buffer.byteLength(text), bytesTotal: Buffer.byteLength(text), records: 0 });
    const records = parseRates(text, file, this.format);
    signal.throwIfAborted();
    yield* records;
  }
}
