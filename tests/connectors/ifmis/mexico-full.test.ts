import path from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import type { BudgetRecord } from '../../../connectors/ifmis/types.js';
import type { Progress } from '../../../connectors/source.js';
import { sample } from '../../support/sample-data.js';
import { MAPS_DIR } from './support.js';

/**
 * The whole of Mexico's 2016 federal budget as SHCP published it: a zip holding one CP850 CSV
 * (and a __MACOSX folder), read once through mappings/ifmis/mexico-pef-2016.json.
 */
const ZIP = sample('budget', 'mexico-pef-2016', 'pef-2016-original.csv.zip');
let records: BudgetRecord[];
const progress: Progress[] = [];
let seconds = 0;

/** The inner CSV's text, inflated and decoded here without the connector. */
async function innerCsv(): Promise<string> {
  const zip = await yauzl.openPromise(ZIP, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.startsWith('__MACOSX/') || entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return iconv.decode(Buffer.concat(chunks), 'cp850');
    }
  } finally {
    zip.close();
  }
  throw new Error('no CSV in the zip');
}

/** Σ PEF_2016 by BigInt over the raw text: the amount is the last field, quoted when it has a comma (`" 99,305,000 "`, ` 990 `); `" -   "` is zero. */
function rawTotal(text: string): { total: bigint; lines: number } {
  let total = 0n;
  let lines = 0;
  for (const line of text.split('\r\n').slice(1)) {
    if (!line) continue;
    const match = /,(?:"([^"]*)"|([^,"]*))$/.exec(line);
    const amount = match?.[1] ?? match?.[2];
    if (amount === undefined) throw new Error(`no amount at the end of: ${line}`);
    const digits = amount.replace(/[ ,]/g, '');
    total += digits === '-' ? 0n : BigInt(digits);
    lines += 1;
  }
  return { total, lines };
}

beforeAll(async () => {
  const map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016.json'));
  const started = performance.now();
  records = await readBudgetFile(ZIP, map, { displayName: 'pef-2016-original.csv.zip', onProgress: (p) => progress.push(p) });
  seconds = (performance.now() - started) / 1000;
});

describe('the full Mexico PEF 2016 zip (CP850)', () => {
  it('reads every one of the 75,312 lines, each once, in file order', () => {
    expect(records).toHaveLength(75_312);
    expect(records[0]?.row).toBe(2);
    expect(records.at(-1)?.row).toBe(75_313);
    expect(new Set(records.map((r) => r.row)).size).toBe(75_312);
    expect(seconds).toBeLessThan(20);
  });

  it('sums the approved budget to the exact total of the raw text', async () => {
    const raw = rawTotal(await innerCsv());
    expect(raw.lines).toBe(75_312);
    const total = records.reduce((sum, r) => sum + BigInt(r.amounts.approved ?? '0'), 0n);
    expect(total).toBe(raw.total);
    expect(total).toBe(5_297_125_819_608n);
  });

  it('decodes the first line in the chart of accounts, the amount exact and the CP850 names intact', () => {
    expect(records[0]).toEqual({
      kind: 'budget-line',
      file: 'pef-2016-original.csv.zip',
      row: 2,
      country: 'MX',
      fiscalYear: '2016',
      currency: 'MXN',
      codes: {
        administrative: '1-100',
        functional: '1.1.1',
        programme: '1-K-27',
        'institutional-activity': '1-4',
        economic: '6200',
        fund: '1',
        location: '9',
        'expenditure-type': '3',
        reallocation: '0',
      },
      amounts: { approved: '99305000' },
    });
  });

  it('keeps the negative line and reads the accounting dash as zero', () => {
    const negative = records.filter((r) => r.amounts.approved?.startsWith('-'));
    expect(negative.map((r) => [r.codes.administrative, r.amounts.approved])).toEqual([['50-GYR', '-8660451340']]);
    expect(records.filter((r) => r.amounts.approved === '0').length).toBeGreaterThanOrEqual(141);
  });

  it('counts the fund sources of the SOURCES note, 79 lines financed by external loans among them', () => {
    const byFund = new Map<string, number>();
    for (const r of records) byFund.set(r.codes.fund ?? '', (byFund.get(r.codes.fund ?? '') ?? 0) + 1);
    expect(Object.fromEntries(byFund)).toEqual({ '1': 63_271, '2': 79, '3': 14, '4': 11_948 });
  });

  it('gives a project only to the 9,919 lines with a CLAVE_CARTERA other than 0', () => {
    expect(records.filter((r) => r.codes.project !== undefined)).toHaveLength(9_919);
  });

  it('reports progress on the inflated CSV up to its full size', () => {
    const last = progress.at(-1);
    expect(progress.length).toBeGreaterThan(10);
    expect(last).toEqual({ bytesRead: 34_238_191, bytesTotal: 34_238_191, records: 75_312 });
  });
});
