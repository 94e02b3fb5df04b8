import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoanRecord } from '../../../connectors/debt/types.js';
import type { Progress } from '../../../connectors/source.js';
import { sample } from '../../support/sample-data.js';
import { ibrdMap, readLoans } from './support.js';

/**
 * The real IBRD Statement of Loans (../shared/data/debt, 9,012 loans) read through
 * mappings/debt/ibrd-statement-of-loans.json, checked against counts taken from the CSV text
 * without the connector.
 */
const FILE = sample('debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv');
const text = readFileSync(FILE, 'utf8');
const rows = parse(text, { columns: true }) as Record<string, string>[];

let loans: LoanRecord[];
let progress: Progress[];
let byNumber: Map<string, LoanRecord>;

beforeAll(async () => {
  ({ loans, progress } = await readLoans(FILE, await ibrdMap()));
  byNumber = new Map(loans.map((l) => [l.loanNumber, l]));
});

/** Lines whose Loan Type (3-4 capitals) is followed by this status word: a count of the text itself. */
const countStatusInText = (word: string): number => text.match(new RegExp(`,[A-Z]{3,4},${word.replace('&', '\\&')},`, 'g'))?.length ?? 0;

describe('reading the IBRD Statement of Loans', () => {
  it('yields all 9,012 loans, one per row, keyed by loan number, with progress up to the whole file', () => {
    expect(loans).toHaveLength(9012);
    expect(byNumber.size).toBe(9012);
    expect(loans.every((l) => l.source === 'ibrd-statement' && l.creditor === 'IBRD' && l.creditorCategory === 'multilateral')).toBe(true);
    expect(loans[0]).toMatchObject({ loanNumber: 'IBRD00010', row: 2, country: 'FR' });
    expect(loans.at(-1)?.row).toBe(9013);
    const last = progress.at(-1);
    expect(last).toEqual({ bytesRead: statSync(FILE).size, bytesTotal: statSync(FILE).size, records: 9012 });
  });

  it('counts loans per status word as the CSV text does, and reads each word into a tributary status', () => {
    const expected: Record<string, [number, LoanRecord['status']]> = {
      'Fully Repaid': [6437, 'fully-repaid'],
      Repaying: [996, 'repaying'],
      Disbursing: [519, 'disbursing'],
      'Fully Disbursed': [253, 'fully-disbursed'],
      'Fully Cancelled': [215, 'cancelled'],
      'Fully Transferred': [210, 'other'],
      'Disbursing&Repaying': [161, 'disbursing'],
      Approved: [72, 'pipeline'],
      Terminated: [69, 'terminated'],
      Signed: [43, 'signed'],
      Effective: [37, 'effective'],
    };
    for (const [word, [count, status]] of Object.entries(expected)) {
      expect(countStatusInText(word), word).toBe(count);
      const read = loans.filter((l) => l.statusText === word);
      expect(read, word).toHaveLength(count);
      expect(new Set(read.map((l) => l.status)), word).toEqual(new Set([status]));
    }
  });

  it('reads the two Jordan loans of project P175662 (also in the IATI file as 44000-P175662) with their dates and amounts', () => {
    const iati = readFileSync(sample('iati', 'activities', 'v2', 'worldbank-activity.xml'), 'utf8');
    const forProject = loans.filter((l) => l.projectId === 'P175662');
    expect(forProject.map((l) => l.loanNumber)).toEqual(['IBRD92680', 'IBRD95120']);
    expect(iati).toContain(`<iati-identifier>44000-${forProject[0]?.projectId ?? ''}</iati-identifier>`);
    expect(byNumber.get('IBRD92680')).toEqual({
      kind: 'loan',
      file: FILE,
      row: 8640,
      loanNumber: 'IBRD92680',
      source: 'ibrd-statement',
      creditor: 'IBRD',
      creditorCategory: 'multilateral',
      instrument: 'loan',
      country: 'JO',
      borrower: 'MINISTRY OF PLANNING & INTNL COOPERATION',
      guarantor: 'Jordan',
      projectId: 'P175662',
      projectName: 'JO: Investments PforR',
      statusText: 'Disbursing',
      status: 'disbursing',
      currency: 'USD',
      committed: '500000000',
      disbursed: '231750000',
      undisbursed: '268250000',
      cancelled: '0',
      repaid: '0',
      outstanding: '231750000',
      interestRate: '0',
      interestType: null,
      signingDate: '2021-07-13',
      approvalDate: '2021-06-10',
      effectiveDate: '2021-08-24',
      closingDate: '2028-06-30',
      firstRepaymentDate: '2026-04-15',
      lastRepaymentDate: '2056-04-15',
      asOf: '2023-05-31',
      terms: {
        loanType: 'FSL',
        region: 'MIDDLE EAST AND NORTH AFRICA',
        countryName: 'Jordan',
        guarantorCountryCode: 'JO',
        exchangeAdjustment: '0',
        borrowersObligation: '231750000',
        soldThirdParty: '0',
        repaidThirdParty: '0',
        dueThirdParty: '0',
        loansHeld: '500000000',
        lastDisbursementDate: '2022-05-18',
      },
      flows: [],
    });
    expect(byNumber.get('IBRD95120')).toMatchObject({
      statusText: 'Signed',
      status: 'signed',
      committed: '400000000',
      disbursed: '0',
      undisbursed: '400000000',
      signingDate: '2023-04-17',
      effectiveDate: '2023-07-16',
      firstRepaymentDate: '2027-10-15',
      lastRepaymentDate: '2057-10-15',
    });
    expect(byNumber.get('IBRD95120')?.terms.lastDisbursementDate).toBeUndefined();
  });

  it('keeps every amount exactly as the CSV writes it, in US dollars', () => {
    const columns = {
      committed: 'Original Principal Amount',
      disbursed: 'Disbursed Amount',
      undisbursed: 'Undisbursed Amount',
      cancelled: 'Cancelled Amount',
      repaid: 'Repaid to IBRD',
      outstanding: 'Due to IBRD',
    } as const;
    expect(rows).toHaveLength(9012);
    for (const row of rows) {
      const loan = byNumber.get(row['Loan Number'] ?? '');
      for (const [field, column] of Object.entries(columns))
        expect(loan?.[field as keyof typeof columns], `${loan?.loanNumber} ${column}`).toBe(row[column]);
      expect(loan?.interestRate).toBe(row['Interest Rate'] || null);
      expect(loan?.terms.borrowersObligation).toBe(row["Borrower's Obligation"]);
    }
    expect(byNumber.get('IBRD00020')?.committed).toBe('191044211.75');
    expect(loans.filter((l) => l.outstanding?.startsWith('-')).length).toBe(43);
    expect(new Set(loans.map((l) => l.currency))).toEqual(new Set(['USD']));
    expect(rows.every((r) => r['Currency of Commitment'] === '')).toBe(true);
  });

  it('types the 75 GURB and GUBF rows as guarantees and every other loan type as a loan', () => {
    const guarantees = loans.filter((l) => l.instrument === 'guarantee');
    expect(guarantees).toHaveLength(rows.filter((r) => r['Loan Type'] === 'GURB' || r['Loan Type'] === 'GUBF').length);
    expect(guarantees).toHaveLength(75);
    expect(new Set(guarantees.map((l) => l.terms.loanType))).toEqual(new Set(['GURB', 'GUBF']));
    expect(loans.filter((l) => l.instrument === 'loan')).toHaveLength(9012 - 75);
  });

  it('records ISO country codes, translating the withdrawn ones and keeping declared regional codes', () => {
    expect(loans.filter((l) => l.terms.countryCodeInSource === 'ZR').every((l) => l.country === 'CD')).toBe(true);
    expect(loans.filter((l) => l.terms.countryCodeInSource === 'YF')).toHaveLength(108);
    expect(loans.filter((l) => l.country === 'MW')).toHaveLength(10);
    expect(loans.filter((l) => l.country === '3E')).toHaveLength(11);
    expect(loans.filter((l) => !/^[A-Z]{2}$/.test(l.country)).map((l) => l.country)).toHaveLength(25);
  });

  it('reads every date as an ISO day, and no locale text is left in the record', () => {
    const dated = loans.filter((l) => l.signingDate !== null);
    expect(dated).toHaveLength(9012 - 164);
    for (const loan of loans) {
      for (const date of [loan.signingDate, loan.approvalDate, loan.effectiveDate, loan.closingDate, loan.asOf]) {
        if (date !== null) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    expect(loans.filter((l) => l.terms.lastDisbursementDate !== undefined)).toHaveLength(9012 - 3544);
  });
});
