import type { CreditorCategory } from '../../../../connectors/debt/types.js';
import type { Random } from '../random.js';

/**
 * The creditors of the demo debt portfolio: REAL lenders to Malawi with the kind of terms they
 * lend on (currency, grace, maturity, rate). The loans built from them in `catalogue.ts` are
 * FICTIONAL: plausible projects, invented amounts and dates. Agreement numbers only follow the
 * shape each lender uses.
 */
export type Interest =
  | { readonly type: 'fixed'; readonly rate: string }
  | { readonly type: 'variable'; readonly reference: (year: number) => string; readonly margin: string; readonly allIn: string };

export interface Terms {
  readonly graceYears: number;
  readonly maturityYears: number;
  readonly interest: Interest;
  /** One-off fee on the commitment at first disbursement, percent. */
  readonly frontEndFee?: string;
}

export interface Creditor {
  readonly key: string;
  /** As the debt office records the lender. */
  readonly name: string;
  readonly category: CreditorCategory;
  readonly currency: string;
  /** Years over which a loan disburses. */
  readonly disbursementYears: readonly [min: number, max: number];
  readonly terms: (signingYear: number) => Terms;
  readonly agreementNumber: (random: Random, signingYear: number) => string;
}

const fixed = (rate: string): Interest => ({ type: 'fixed', rate });
const digits = (random: Random, n: number): string => String(random.int(10 ** (n - 1), 10 ** n - 1));

export const CREDITORS: Readonly<Record<string, Creditor>> = {
  ida: {
    key: 'ida',
    name: 'International Development Association (IDA)',
    category: 'multilateral',
    currency: 'XDR',
    disbursementYears: [4, 6],
    // Regular IDA terms: 40 years with 10 of grace until FY2011, 38 with 6 since; 0.75% service charge.
    terms: (year) => ({ graceYears: year < 2012 ? 10 : 6, maturityYears: year < 2012 ? 40 : 38, interest: fixed('0.75') }),
    // IDA credit numbers ran from about 4100 in 2006 to 7300 in 2023.
    agreementNumber: (random, year) => `IDA ${4100 + (year - 2006) * 180 + random.int(0, 120)}-MW`,
  },
  adf: {
    key: 'adf',
    name: 'African Development Fund (ADF)',
    category: 'multilateral',
    // ADF loans are in units of account, worth one SDR each: recorded in XDR.
    currency: 'XDR',
    disbursementYears: [4, 6],
    terms: () => ({ graceYears: 10, maturityYears: 40, interest: fixed('0.75') }),
    agreementNumber: (random) => `2100150${digits(random, 6)}`,
  },
  ifad: {
    key: 'ifad',
    name: 'International Fund for Agricultural Development (IFAD)',
    category: 'multilateral',
    currency: 'XDR',
    disbursementYears: [5, 7],
    terms: () => ({ graceYears: 10, maturityYears: 40, interest: fixed('0.75') }),
    agreementNumber: (random) => `I-${random.int(640, 990)}-MW`,
  },
  opec: {
    key: 'opec',
    name: 'OPEC Fund for International Development',
    category: 'multilateral',
    currency: 'USD',
    disbursementYears: [3, 4],
    terms: () => ({ graceYears: 5, maturityYears: 20, interest: fixed('2.00') }),
    agreementNumber: (random) => `${random.int(1100, 1500)}P`,
  },
  eib: {
    key: 'eib',
    name: 'European Investment Bank',
    category: 'multilateral',
    currency: 'EUR',
    disbursementYears: [3, 5],
    terms: () => ({ graceYears: 7, maturityYears: 25, interest: fixed('1.00') }),
    agreementNumber: (random) => `FI ${random.int(20, 99)}.${digits(random, 3)}`,
  },
  badea: {
    key: 'badea',
    name: 'Arab Bank for Economic Development in Africa (BADEA)',
    category: 'multilateral',
    currency: 'USD',
    disbursementYears: [3, 4],
    terms: () => ({ graceYears: 10, maturityYears: 30, interest: fixed('1.00') }),
    agreementNumber: (random, year) => `BADEA/${year}/${random.int(10, 60)}`,
  },
  chinaExim: {
    key: 'chinaExim',
    name: 'Export-Import Bank of China',
    category: 'bilateral',
    currency: 'CNY',
    disbursementYears: [3, 4],
    terms: () => ({ graceYears: 7, maturityYears: 20, interest: fixed('2.00'), frontEndFee: '0.50' }),
    agreementNumber: (random, year) => `GCL No. (${year}) ${random.int(2, 40)} Total No. (${random.int(300, 700)})`,
  },
  indiaExim: {
    key: 'indiaExim',
    name: 'Export-Import Bank of India',
    category: 'bilateral',
    currency: 'USD',
    disbursementYears: [3, 4],
    terms: () => ({ graceYears: 5, maturityYears: 20, interest: fixed('1.75') }),
    agreementNumber: (random, year) => `EXIM/LOC/${year}/${random.int(1, 30)}`,
  },
  kuwait: {
    key: 'kuwait',
    name: 'Kuwait Fund for Arab Economic Development',
    category: 'bilateral',
    currency: 'KWD',
    disbursementYears: [3, 5],
    terms: () => ({ graceYears: 5, maturityYears: 25, interest: fixed('2.00') }),
    agreementNumber: (random) => `KFAED ${random.int(800, 1000)}`,
  },
  saudi: {
    key: 'saudi',
    name: 'Saudi Fund for Development',
    category: 'bilateral',
    currency: 'SAR',
    disbursementYears: [3, 5],
    terms: () => ({ graceYears: 5, maturityYears: 25, interest: fixed('2.00') }),
    agreementNumber: (random) => `${random.int(10, 40)}/${random.int(100, 900)}`,
  },
  adfd: {
    key: 'adfd',
    name: 'Abu Dhabi Fund for Development',
    category: 'bilateral',
    currency: 'AED',
    disbursementYears: [2, 3],
    terms: () => ({ graceYears: 5, maturityYears: 20, interest: fixed('2.00') }),
    agreementNumber: (random) => `ADFD-MW-${digits(random, 3)}`,
  },
  tdb: {
    key: 'tdb',
    name: 'Eastern and Southern African Trade and Development Bank (TDB)',
    category: 'multilateral',
    currency: 'USD',
    disbursementYears: [1, 1],
    terms: () => ({
      graceYears: 1,
      maturityYears: 7,
      interest: { type: 'variable', reference: (year) => (year >= 2022 ? '6M SOFR' : '6M LIBOR'), margin: '4.50', allIn: '8.75' },
      frontEndFee: '1.00',
    }),
    agreementNumber: (random, year) => `TDB/MW/${year}/${digits(random, 3)}`,
  },
};
