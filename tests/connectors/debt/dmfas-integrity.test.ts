import { mkdtemp, readFile, rm, writeFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DebtFileError, type DebtProblem } from '../../../connectors/debt/problems.js';
import { writeDemoDebt } from '../../../src/cli/demo/debt/generate-debt.js';
import { readLoans } from './support.js';

/**
 * DMFAS-style exports with broken links between their tables, or bad cells: the generated demo
 * export with lines appended or changed. Every problem is reported with its table, row and
 * column, all together, and no loan is read from the export.
 */
let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-dmfas-bad-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh copy of the demo export, with `edit` applied to its tables (name → lines, header first). */
async function exportWith(edit: (tables: Map<string, string[]>) => void): Promise<string> {
  const dir = path.join(root, `export-${++count}`);
  const files = await writeDemoDebt(dir);
  const tables = new Map<string, string[]>();
  for (const file of files) tables.set(path.basename(file), (await readFile(file, 'utf8')).trimEnd().split('\n'));
  edit(tables);
  for (const [name, lines] of tables) await writeFile(path.join(dir, name), `${lines.join('\n')}\n`);
  return dir;
}

const lines = (tables: Map<string, string[]>, name: string): string[] => tables.get(name) ?? [];
/** Appends a line and returns its 1-based row. */
const append = (tables: Map<string, string[]>, name: string, line: string): number => lines(tables, name).push(line);

async function problemsOf(dir: string): Promise<readonly DebtProblem[]> {
  const error = await readLoans(dir, undefined, 'export').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DebtFileError);
  return (error as DebtFileError).problems;
}

describe('DMFAS-style exports whose tables do not hold together', () => {
  it('reports every broken link with table, row and column, and reads no loan', async () => {
    const rows: Record<string, number> = {};
    const dir = await exportWith((t) => {
      rows.orphanTranche = append(t, 'tranches.csv', 'MW-L-9999-T1,MW-L-9999,USD,1000000,Civil works');
      rows.unknownTranche = append(t, 'disbursements.csv', 'MW-L-0001,MW-L-0001-T9,2010-01-05,XDR,1000,1500,actual');
      rows.trancheOfAnother = append(t, 'disbursements.csv', 'MW-L-0002,MW-L-0001-T1,2010-01-05,XDR,1000,1500,actual');
      rows.noIds = append(t, 'disbursements.csv', ',,2010-01-05,XDR,1000,1500,actual');
      rows.trancheOnly = append(t, 'disbursements.csv', ',MW-L-0001-T1,2010-01-05,XDR,1000,1500,actual');
      rows.unknownLoan = append(t, 'debt_service.csv', 'MW-L-0999,,2012-06-15,principal,USD,1000,1000,actual');
      rows.wrongCurrency = append(t, 'debt_service.csv', 'MW-L-0001,,2012-06-15,interest,USD,1000,1000,actual');
    });
    expect(await problemsOf(dir)).toEqual([
      {
        file: 'export/tranches.csv',
        row: rows.orphanTranche,
        column: 'instrument_id',
        message: 'tranche MW-L-9999-T1 belongs to instrument MW-L-9999, which is not in loans.csv',
      },
      {
        file: 'export/disbursements.csv',
        row: rows.unknownTranche,
        column: 'tranche_id',
        message: 'tranche MW-L-0001-T9 is not in tranches.csv',
      },
      {
        file: 'export/disbursements.csv',
        row: rows.trancheOfAnother,
        column: 'instrument_id',
        message: 'tranche MW-L-0001-T1 belongs to instrument MW-L-0001, not MW-L-0002',
      },
      {
        file: 'export/disbursements.csv',
        row: rows.noIds,
        column: 'instrument_id',
        message: 'empty, and so is tranche_id: a transaction names its instrument or its tranche',
      },
      {
        file: 'export/debt_service.csv',
        row: rows.unknownLoan,
        column: 'instrument_id',
        message: 'instrument MW-L-0999 is not in loans.csv',
      },
      {
        file: 'export/debt_service.csv',
        row: rows.wrongCurrency,
        column: 'currency',
        message: "USD, but instrument MW-L-0001 is in XDR: a transaction is in its tranche's (or loan's) currency",
      },
    ]);
  });

  it('reports duplicate keys, unknown words and unreadable cells in the same way', async () => {
    let duplicateLoan = 0;
    const dir = await exportWith((t) => {
      const loans = lines(t, 'loans.csv');
      duplicateLoan = append(t, 'loans.csv', loans[1] ?? '');
      loans[2] = (loans[2] ?? '').replace(/,repaying,2025-09-30$/, ',in repayment,2025-09-30').replace(',multilateral,', ',supranational,');
      const tranches = lines(t, 'tranches.csv');
      append(t, 'tranches.csv', tranches[1] ?? '');
      append(t, 'debt_service.csv', 'MW-L-0001,,2012-06-31,penalty,XDR,1.000,1000,overdue');
      append(t, 'disbursements.csv', 'MW-L-0001,MW-L-0001-T1,15/01/2012,XDR,"1,000.00",,actual');
    });
    const problems = await problemsOf(dir);
    const summary = problems.map((p) => `${p.file} ${p.row} ${p.column}: ${p.message}`);
    expect(summary).toEqual([
      'export/loans.csv 3 creditor_category: "supranational" is not a creditor category (known: multilateral, bilateral, commercial, other)',
      expect.stringMatching(
        /^export\/loans.csv 3 status: "in repayment" is not a loan status \(known: pipeline, signed, .*, other\)$/,
      ) as unknown,
      `export/loans.csv ${duplicateLoan} instrument_id: instrument MW-L-0001 is already on row 2; an instrument id is unique in the export`,
      expect.stringMatching(
        /^export\/tranches.csv \d+ tranche_id: tranche MW-L-0001-T1 is already on row 2; a tranche id is unique in the export$/,
      ) as unknown,
      expect.stringMatching(/^export\/disbursements.csv \d+ value_date: "15\/01\/2012" is not a date in the format YYYY-MM-DD$/) as unknown,
      expect.stringMatching(/^export\/disbursements.csv \d+ amount: "1,000.00" is not an amount/) as unknown,
      expect.stringMatching(
        /^export\/debt_service.csv \d+ type: "penalty" is not a debt-service type \(known: principal, interest, fee, arrears\)$/,
      ) as unknown,
      expect.stringMatching(
        /^export\/debt_service.csv \d+ basis: "overdue" is not a debt-service basis \(known: actual, scheduled\)$/,
      ) as unknown,
      expect.stringMatching(/^export\/debt_service.csv \d+ value_date: "2012-06-31" is not a date/) as unknown,
    ]);
  });

  it('reports a missing table and a missing column without reading further into that table', async () => {
    const dir = await exportWith((t) => {
      const service = lines(t, 'debt_service.csv');
      service[0] = (service[0] ?? '').replace('basis', 'status');
    });
    await unlink(path.join(dir, 'tranches.csv'));
    expect(await problemsOf(dir)).toEqual([
      {
        file: 'export/tranches.csv',
        row: null,
        column: null,
        message: 'missing: a DMFAS export has loans.csv, tranches.csv, disbursements.csv, debt_service.csv',
      },
      {
        file: 'export/debt_service.csv',
        row: 1,
        column: 'basis',
        message: 'column not found in the header; the DMFAS layout requires it (mappings/debt/dmfas-layout.md)',
      },
    ]);
    // One missing table is one problem: the disbursements naming its tranches are not reported one by one.
  });

  it('reads a loan with a tranche in another currency, leaving its single-currency balances empty', async () => {
    const dir = await exportWith((t) => {
      t.set('loans.csv', [lines(t, 'loans.csv')[0] ?? '', lines(t, 'loans.csv')[1] ?? '']);
      t.set('tranches.csv', [
        lines(t, 'tranches.csv')[0] ?? '',
        'MW-L-0001-T1,MW-L-0001,XDR,20000000,Works',
        'MW-L-0001-T2,MW-L-0001,USD,5000000,Goods',
      ]);
      t.set('disbursements.csv', [
        lines(t, 'disbursements.csv')[0] ?? '',
        'MW-L-0001,MW-L-0001-T1,2008-03-01,XDR,1000000,1500000,actual',
        ',MW-L-0001-T2,2008-04-01,USD,250000,250000,actual',
      ]);
      t.set('debt_service.csv', [lines(t, 'debt_service.csv')[0] ?? '']);
    });
    const { loans } = await readLoans(dir);
    expect(loans).toHaveLength(1);
    expect(loans[0]).toMatchObject({
      loanNumber: 'MW-L-0001',
      currency: 'XDR',
      disbursed: null,
      repaid: null,
      outstanding: null,
      undisbursed: null,
    });
    expect(loans[0]?.flows.map((f) => [f.reference, f.currency, f.amount, f.amountUsd])).toEqual([
      ['MW-L-0001-T1', 'XDR', '1000000', '1500000'],
      ['MW-L-0001-T2', 'USD', '250000', '250000'],
    ]);
  });
});
