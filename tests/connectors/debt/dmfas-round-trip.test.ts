import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoanFlowRecord, LoanRecord } from '../../../connectors/debt/types.js';
import { generateDemoDebt, writeDemoDebt } from '../../../src/cli/demo/debt/generate-debt.js';
import { POSITION_DATE, type DemoLoan } from '../../../src/cli/demo/debt/plan.js';
import { generateDemoIati } from '../../../src/cli/demo/generate-iati.js';
import { mappingsDir } from '../../../src/paths.js';
import { readLoans } from './support.js';

/**
 * The generated DMFAS-style export of the demo (Malawi, 42 loans) written to a temporary folder
 * and read back by the debt connector: the same loans, the same flows, the same sums.
 */
const demo = generateDemoDebt();
let dir: string;
let loans: LoanRecord[];
let byNumber: Map<string, LoanRecord>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-dmfas-'));
  await writeDemoDebt(dir);
  ({ loans } = await readLoans(dir, undefined, 'dmfas-mw'));
  byNumber = new Map(loans.map((l) => [l.loanNumber, l]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sum = (amounts: readonly string[]): string => amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toFixed();
const order = (a: LoanFlowRecord, b: LoanFlowRecord): number =>
  a.date.localeCompare(b.date) ||
  a.type.localeCompare(b.type) ||
  (a.reference ?? '').localeCompare(b.reference ?? '') ||
  a.amount.localeCompare(b.amount);
const expectedFlows = (loan: DemoLoan): LoanFlowRecord[] =>
  loan.flows
    .map((f) => ({
      type: f.type,
      date: f.date,
      amount: f.amount,
      currency: f.currency,
      amountUsd: f.amountUsd,
      reference: f.trancheId,
      scheduled: f.scheduled,
    }))
    .sort(order);
const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

describe('the generated DMFAS-style export', () => {
  it('is the same, byte for byte, for the same seed, and differs for another', async () => {
    expect(generateDemoDebt()).toEqual(demo);
    const other = generateDemoDebt({ seed: 7 });
    expect(other.files.map((f) => f.fileName)).toEqual(['loans.csv', 'tranches.csv', 'disbursements.csv', 'debt_service.csv']);
    for (const [i, file] of other.files.entries()) expect(file.csv).not.toBe(demo.files[i]?.csv);
    expect(await readFile(path.join(dir, 'loans.csv'), 'utf8')).toBe(demo.files[0]?.csv);
  });

  it('reads back as the 42 loans generated, with their own facts', () => {
    expect(loans).toHaveLength(42);
    for (const planned of demo.loans) {
      expect(byNumber.get(planned.instrumentId), planned.instrumentId).toMatchObject({
        source: 'dmfas',
        file: 'dmfas-mw/loans.csv',
        creditor: planned.creditor,
        creditorCategory: planned.creditorCategory,
        instrument: planned.instrument,
        country: 'MW',
        borrower: 'Government of the Republic of Malawi',
        projectId: planned.projectId,
        projectName: planned.projectName,
        status: planned.status,
        statusText: planned.status,
        currency: planned.currency,
        committed: planned.committed,
        cancelled: planned.cancelled,
        interestType: planned.interestType,
        interestRate: planned.interestRate,
        signingDate: planned.signatureDate,
        effectiveDate: planned.effectiveDate,
        closingDate: planned.closingDate,
        lastRepaymentDate: planned.maturityDate,
        asOf: POSITION_DATE,
      });
      expect(byNumber.get(planned.instrumentId)?.terms.agreementNumber).toBe(planned.agreementNumber);
    }
  });

  it('reads back every disbursement and debt-service line, with its USD amount and its tranche', () => {
    for (const planned of demo.loans) {
      expect([...(byNumber.get(planned.instrumentId)?.flows ?? [])].sort(order), planned.instrumentId).toEqual(expectedFlows(planned));
    }
    const lines = demo.files
      .filter((f) => f.table === 'disbursements' || f.table === 'debtService')
      .map((f) => f.csv.split('\n').length - 2);
    expect(loans.reduce((n, l) => n + l.flows.length, 0)).toBe(lines.reduce((a, b) => a + b, 0));
  });

  it('disburses exactly the commitment less cancellations, and adds up the balances from the flows', () => {
    for (const planned of demo.loans) {
      const loan = byNumber.get(planned.instrumentId);
      const disbursements = loan?.flows.filter((f) => f.type === 'disbursement') ?? [];
      const expected = new Decimal(planned.committed).minus(planned.cancelled ?? 0).toFixed();
      expect(sum(disbursements.map((f) => f.amount)), planned.instrumentId).toBe(expected);
      const actual = sum(disbursements.filter((f) => !f.scheduled).map((f) => f.amount));
      expect(loan?.disbursed).toBe(actual);
      const repaid = sum(loan?.flows.filter((f) => f.type === 'principal' && !f.scheduled).map((f) => f.amount) ?? []);
      expect(loan?.repaid).toBe(repaid);
      expect(loan?.outstanding).toBe(new Decimal(actual).minus(repaid).toFixed());
      expect(loan?.undisbursed).toBe(new Decimal(expected).minus(actual).toFixed());
      if (planned.instrument !== 'grant' && planned.status !== 'cancelled') {
        expect(sum(loan?.flows.filter((f) => f.type === 'principal').map((f) => f.amount) ?? []), planned.instrumentId).toBe(expected);
      }
    }
  });

  it('has dates that make sense: effectiveness after signing, money after effectiveness, repayment after grace, actual before the position date', () => {
    for (const loan of loans) {
      const planned = demo.loans.find((p) => p.instrumentId === loan.loanNumber);
      expect(loan.signingDate && loan.effectiveDate && loan.signingDate < loan.effectiveDate).toBe(true);
      for (const flow of loan.flows) {
        expect(flow.date > (loan.effectiveDate ?? ''), `${loan.loanNumber} ${flow.type} ${flow.date}`).toBe(true);
        expect(flow.scheduled).toBe(flow.date > POSITION_DATE);
      }
      const principal = loan.flows.filter((f) => f.type === 'principal');
      const lastDisbursement = loan.flows.filter((f) => f.type === 'disbursement').at(-1)?.date ?? '';
      if (principal.length === 0) continue;
      expect(monthsBetween(loan.effectiveDate ?? '', principal[0]?.date ?? '')).toBe(planned?.gracePeriodMonths);
      expect((principal[0]?.date ?? '') > lastDisbursement).toBe(true);
      expect(principal.at(-1)?.date).toBe(loan.lastRepaymentDate);
      expect(loan.firstRepaymentDate).toBe(principal[0]?.date);
    }
  });

  it('uses real creditors and their currencies, with every status a debt office sees', () => {
    expect(new Set(loans.map((l) => l.currency))).toEqual(new Set(['XDR', 'USD', 'EUR', 'CNY', 'KWD', 'SAR', 'AED']));
    expect(new Set(loans.map((l) => l.creditorCategory))).toEqual(new Set(['multilateral', 'bilateral']));
    expect(new Set(loans.map((l) => l.status))).toEqual(
      new Set(['signed', 'disbursing', 'fully-disbursed', 'repaying', 'fully-repaid', 'cancelled']),
    );
    expect(loans.filter((l) => l.creditor === 'International Development Association (IDA)').every((l) => l.currency === 'XDR')).toBe(true);
    for (const flow of loans.filter((l) => l.currency === 'USD').flatMap((l) => l.flows))
      expect(new Decimal(flow.amountUsd ?? '').eq(flow.amount)).toBe(true);
    expect(loans.flatMap((l) => l.flows).filter((f) => f.type === 'arrears')).toHaveLength(1);
  });

  it('is what the example in mappings/debt/dmfas-layout.md shows', async () => {
    const doc = await readFile(path.join(mappingsDir, 'debt', 'dmfas-layout.md'), 'utf8');
    const example = doc.slice(doc.indexOf('## Example'), doc.indexOf('## The demo export'));
    let table = '';
    let checked = 0;
    for (const line of example.split('\n')) {
      if (line.endsWith('.csv')) table = line;
      else if (line.startsWith('MW-L-') || line.startsWith('instrument_id') || line.startsWith('tranche_id')) {
        expect(demo.files.find((f) => f.fileName === table)?.csv.split('\n'), `${table}: ${line}`).toContain(line);
        checked += 1;
      }
    }
    expect(checked).toBe(11);
  });

  it('gives World Bank P-codes to the IDA loans, at least five of them projects of the demo IATI bank (44000-P…)', () => {
    const iati = generateDemoIati()
      .map((f) => f.xml)
      .join('\n');
    const ida = loans.filter((l) => l.creditor.includes('(IDA)'));
    expect(ida.every((l) => /^P\d{6}$/.test(l.projectId ?? ''))).toBe(true);
    const joined = ida.filter((l) => iati.includes(`<iati-identifier>44000-${l.projectId ?? ''}</iati-identifier>`));
    expect(joined.length).toBeGreaterThanOrEqual(5);
    expect(joined.filter((l) => l.instrument === 'credit').length).toBeGreaterThanOrEqual(5);
  });
});
