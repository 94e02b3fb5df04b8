/**
 * Grant, loan or other, as a budget officer sorts aid: from the IATI finance type (the activity's
 * default, else the type most of its transaction value carries), and a loan whenever finance
 * holds a loan financing the activity.
 */
export const FINANCE_TYPES = ['grant', 'loan', 'other'] as const;
export type FinanceTypeClass = (typeof FINANCE_TYPES)[number];

/** IATI FinanceType codes: 1xx grants, 2xx interest subsidies (grant-like), 41x–43x debt instruments but the reimbursable grant (422). */
export function financeTypeClass(code: string | null, loanHeld: boolean): FinanceTypeClass {
  if (loanHeld) return 'loan';
  if (code === null || !/^\d{3,4}$/.test(code)) return 'other';
  if (code === '422' || code.startsWith('1') || code.startsWith('2')) return code.length === 3 ? 'grant' : 'other';
  if (/^4[1-3]\d$/.test(code)) return 'loan';
  return 'other';
}
