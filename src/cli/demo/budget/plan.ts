/**
 * The shape of the demo Malawi budget: which votes spend what share, through which
 * sub-programmes, on which COFOG class, in which economic mix and where. Codes refer to
 * mappings/coa/mw/ and the shared classifications; the test checks that every one exists.
 */
export const FISCAL_YEARS = ['2023/24', '2024/25', '2025/26'] as const;
export type FiscalYear = (typeof FISCAL_YEARS)[number];

/** Government of Malawi resources by year, in kwacha: invented, of the order of Malawi's recent budgets. */
export const DOMESTIC_TOTAL: Readonly<Record<FiscalYear, number>> = {
  '2023/24': 3_900_000_000_000,
  '2024/25': 5_900_000_000_000,
  '2025/26': 7_400_000_000_000,
};

/** Kwacha per US dollar used to cost donor projects (the kwacha was devalued by 44% in November 2023). */
export const MWK_PER_USD: Readonly<Record<FiscalYear, number>> = { '2023/24': 1_380, '2024/25': 1_735, '2025/26': 1_750 };

/** How a sub-programme's money divides by economic item (GFSM 2014 codes) and so how it executes. */
export const PROFILES = {
  admin: [
    ['2111', 40],
    ['2121', 5],
    ['22', 48],
    ['3112', 7],
  ],
  service: [
    ['2111', 55],
    ['2121', 6],
    ['22', 33],
    ['3112', 6],
  ],
  teachers: [
    ['2111', 88],
    ['2121', 9],
    ['2112', 3],
  ],
  goods: [
    ['22', 85],
    ['2111', 15],
  ],
  works: [
    ['3111', 80],
    ['3112', 12],
    ['22', 8],
  ],
  councils: [
    ['2631', 78],
    ['2632', 22],
  ],
  subvention: [
    ['2631', 85],
    ['2632', 15],
  ],
  subsidy: [
    ['253', 92],
    ['22', 8],
  ],
  'cash-transfers': [
    ['2721', 90],
    ['22', 10],
  ],
  pensions: [['2731', 100]],
  'interest-domestic': [['242', 100]],
  'interest-foreign': [['241', 100]],
  defence: [
    ['2111', 55],
    ['2121', 5],
    ['22', 30],
    ['3114', 10],
  ],
  elections: [
    ['22', 70],
    ['2111', 12],
    ['3112', 18],
  ],
  digital: [
    ['3113', 40],
    ['3112', 30],
    ['22', 30],
  ],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;
export type Profile = keyof typeof PROFILES;

/** Where a line is spent: `hq` (the national pseudo-district `000`), every district, or one district code. */
export type Where = 'hq' | 'districts' | string;

export interface SubPlan {
  /** Programme and sub-programme within the vote, `NN-SS`. */
  readonly sub: string;
  readonly cofog: string;
  /** Share of the vote, relative to its other sub-programmes. */
  readonly weight: number;
  readonly profile: Profile;
  /** Cost centre (within the vote) and where its lines are; the sub-programme's money splits evenly between them. */
  readonly at: readonly (readonly [costCentre: string, where: Where])[];
  /** Share of the sub-programme financed from the unit's own revenue (fund 4) on top. */
  readonly ownRevenue?: number;
}

export interface VotePlan {
  readonly vote: string;
  /** Share of the domestic budget, in percent before normalising. */
  readonly weight: number;
  /** Multiplier by year (an election, a one-off programme); 1 when absent. */
  readonly byYear?: Partial<Record<FiscalYear, number>>;
  /** COFOG class of the vote's management and administration programme (`01`); none for statutory votes. */
  readonly adminCofog?: string;
  readonly subs: readonly SubPlan[];
}

const HQ = [['001', 'hq']] as const;

export const sub = (code: string, cofog: string, weight: number, profile: Profile, at: SubPlan['at'] = HQ, ownRevenue?: number): SubPlan =>
  ownRevenue === undefined ? { sub: code, cofog, weight, profile, at } : { sub: code, cofog, weight, profile, at, ownRevenue };

/** Management and administration (`01-01` … `01-03`) at headquarters, for every vote that has it. */
export function adminSubs(cofog: string): SubPlan[] {
  return [sub('01-01', cofog, 8, 'admin'), sub('01-02', cofog, 1.5, 'goods'), sub('01-03', cofog, 1.5, 'goods')];
}
