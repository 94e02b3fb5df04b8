/**
 * What the IFMIS budget connector produces: one budget line per row of an export (or, for a
 * long-format export, per set of rows that share all their codes), in the country's chart of
 * accounts. Amounts are exact decimal strings.
 */
/**
 * From proposal to payment. `commitment_authority` is the ceiling on multi-year commitments voted
 * beside the payment appropriations (francophone AE, autorisations d'engagement, beside CP);
 * `verified` is spending verified as done and due (liquidated, liquidation), before payment.
 */
export const BUDGET_STAGES = [
  'proposed',
  'approved',
  'commitment_authority',
  'revised',
  'allotted',
  'committed',
  'verified',
  'paid',
] as const;
export type BudgetStage = (typeof BUDGET_STAGES)[number];

export interface BudgetRecord {
  readonly kind: 'budget-line';
  /** The export as the user named it, and the 1-based row (first row of the line in long format). */
  readonly file: string;
  readonly row: number;
  /** ISO 3166 alpha-2 of the country whose chart of accounts the codes belong to. */
  readonly country: string;
  /** The fiscal year's label in that country's calendar, e.g. "2016" or "2025/26". */
  readonly fiscalYear: string;
  readonly currency: string;
  /** Segment id → the code as the chart of accounts spells it (aliases resolved). */
  readonly codes: Readonly<Record<string, string>>;
  /** Stage → amount; a stage the export does not carry is absent, not zero. */
  readonly amounts: Readonly<Partial<Record<BudgetStage, string>>>;
}
