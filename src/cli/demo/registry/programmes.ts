import type { ProgrammeFunding, RegistryProgramme } from '../../../../connectors/registry/types.js';

/**
 * The demo's programmes, modelled on Malawi's: the Social Cash Transfer Programme (Mtukula
 * Pakhomo, for ultra-poor and labour-constrained households), a public-works programme paying
 * wages to one able-bodied member, and take-home school-meal vouchers for primary-school
 * children in a few districts. Transfer values are invented, in kwacha; money is counted in
 * tambala (hundredths) as whole numbers until it is written as exact decimal text.
 */
export const SCTP = 'SCTP';
export const PWP = 'CS-EPWP';
export const SMP = 'SMP-THR';

export const PROGRAMMES: readonly RegistryProgramme[] = [
  {
    code: SCTP,
    name: 'Social Cash Transfer Programme (Mtukula Pakhomo)',
    targeting: 'household',
    transferType: 'cash',
    currency: 'MWK',
    ceilingPerBeneficiary: '40000',
    country: 'MW',
  },
  {
    code: PWP,
    name: 'Climate Smart Enhanced Public Works Programme',
    targeting: 'individual',
    transferType: 'cash',
    currency: 'MWK',
    ceilingPerBeneficiary: '26400',
    country: 'MW',
  },
  {
    code: SMP,
    name: 'School Meals Programme: take-home ration vouchers',
    targeting: 'individual',
    transferType: 'voucher',
    currency: 'MWK',
    ceilingPerBeneficiary: null,
    country: 'MW',
  },
];

/**
 * Who pays, as the demo has it: SCTP's transfers from the Ministry of Gender's cash-transfer
 * sub-programme (vote 320, programme segment 320-04-01 of Malawi's chart of accounts) and the
 * World Bank's social-support project of the demo portfolio; public works from the bank alone;
 * school meals from a donor-funded line. Shares are invented.
 */
export const PROGRAMME_FUNDING: readonly ProgrammeFunding[] = [
  { programmeCode: SCTP, kind: 'budget', reference: 'programme:320-04-01', funder: 'Government of Malawi', share: '60' },
  { programmeCode: SCTP, kind: 'aid', reference: '44000-P160007', funder: 'World Bank', share: '40' },
  { programmeCode: PWP, kind: 'aid', reference: '44000-P160007', funder: 'World Bank', share: '100' },
  { programmeCode: SMP, kind: 'budget', reference: 'programme:320-03-02', funder: 'Government of Malawi', share: '100' },
];

/** SCTP monthly transfer by household size (1, 2, 3, 4 or more), in tambala. */
const SCTP_BASE = [1_100_000, 1_400_000, 1_700_000, 2_100_000];
/** SCTP top-ups per child of primary (6–13) and secondary (14–17) school age, in tambala. */
const PRIMARY_BONUS = 200_000;
const SECONDARY_BONUS = 400_000;
export const SCTP_CEILING = 4_000_000;

export function sctpMonthly(size: number, primary: number, secondary: number): number {
  const base = SCTP_BASE[Math.min(size, SCTP_BASE.length) - 1] ?? 0;
  return Math.min(SCTP_CEILING, base + primary * PRIMARY_BONUS + secondary * SECONDARY_BONUS);
}

/** Public works: a daily wage for up to 12 days a month, in the lean season (October to March). */
export const PWP_DAILY_WAGE = 220_000;
export const PWP_MAX_DAYS = 12;
export const PWP_MONTHS: ReadonlySet<number> = new Set([9, 10, 11, 0, 1, 2]);

/** School-meal vouchers: a flat monthly value, every month but the long holiday (August). */
export const SMP_VOUCHER = 350_000;
export const SMP_MONTHS: ReadonlySet<number> = new Set([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
/** Districts (location codes) with take-home rations: a few food-insecure ones, not the whole country. */
export const SMP_DISTRICTS: ReadonlySet<string> = new Set(['202', '205', '208', '302', '310', '311']);

/** Tambala as exact decimal text with no trailing zeros: `1250000` → "12500", `741935` → "7419.35". */
export function kwacha(tambala: number): string {
  const whole = Math.floor(tambala / 100);
  const rest = tambala % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** `monthly` for the days from `day` to the end of a month of `days` days, to the tambala (half up). */
export function prorated(monthly: number, day: number, days: number): number {
  return Math.round((monthly * (days - day + 1)) / days);
}
