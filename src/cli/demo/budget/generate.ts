import type { BudgetStage } from '../../../../connectors/ifmis/types.js';
import { cofogAlias } from '../../../finance/classifications/cofog.js';
import { AS_OF_MONTH } from '../calendar.js';
import { mulberry32, type Random } from '../random.js';
import { approvedLines, type LineCodes } from './lines.js';
import { FISCAL_YEARS, type FiscalYear } from './plan.js';
import { stageAmounts } from './stages.js';

/**
 * The demo Malawi national budget: three fiscal years (2023/24 to 2025/26, April–March) over the
 * demo chart of accounts in mappings/coa/mw/, about a thousand lines a year with amounts by stage,
 * as an IFMIS would export it in long format (one row per line and stage). The current year is
 * executed up to the demo's "as of" month (September 2025) and has no mid-year revision yet. The
 * figures are invented; the same seed always gives the same budget.
 */
export const BUDGET_SEED = 20250401;

/** The export's stage names and the stages they stand for, in the order rows are written. */
export const EXPORT_STAGES: readonly (readonly [name: string, stage: BudgetStage])[] = [
  ['Proposed', 'proposed'],
  ['Approved', 'approved'],
  ['Revised', 'revised'],
  ['Allotment', 'allotted'],
  ['Commitment', 'committed'],
  ['Expenditure', 'paid'],
];

export const BUDGET_COLUMNS = [
  'FiscalYear',
  'Vote',
  'CostCentre',
  'Programme',
  'SubProgramme',
  'COFOG',
  'GFS',
  'Fund',
  'District',
  'Project',
  'Stage',
  'Amount',
] as const;
export type BudgetColumn = (typeof BUDGET_COLUMNS)[number];

export interface DemoBudgetLine extends LineCodes {
  readonly fiscalYear: FiscalYear;
  /** Stage → amount in tambala (hundredths of a kwacha); a stage the line does not have is absent. */
  readonly amounts: Readonly<Partial<Record<BudgetStage, number>>>;
}

/** One exported row: codes as text; the amount a number, or text with thousands separators. */
export type DemoBudgetRow = Readonly<Record<Exclude<BudgetColumn, 'Amount'>, string> & { Amount: number | string }>;

export interface DemoBudget {
  readonly lines: readonly DemoBudgetLine[];
  readonly rows: readonly DemoBudgetRow[];
}

/** Share of rows whose amount the export writes as text ("1,234,567.89"), as some IFMIS reports do. */
const TEXT_AMOUNTS = 0.35;

function monthsExecuted(year: FiscalYear): number {
  const start = Number(year.slice(0, 4)) * 12 + 3; // April
  return Math.max(0, Math.min(12, AS_OF_MONTH - start + 1));
}

/** Tambala as "1,234,567.89". */
export function withThousands(tambala: number): string {
  const whole = Math.floor(tambala / 100).toString();
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(tambala % 100).padStart(2, '0')}`;
}

function rowsOf(random: Random, line: DemoBudgetLine): DemoBudgetRow[] {
  const rows: DemoBudgetRow[] = [];
  for (const [name, stage] of EXPORT_STAGES) {
    const tambala = line.amounts[stage];
    if (tambala === undefined) continue;
    rows.push({
      FiscalYear: line.fiscalYear,
      Vote: line.vote,
      CostCentre: line.costCentre,
      Programme: line.programme,
      SubProgramme: line.subProgramme,
      COFOG: cofogAlias(line.cofog),
      GFS: line.gfs,
      Fund: line.fund,
      District: line.district,
      Project: line.project,
      Stage: name,
      Amount: random.chance(TEXT_AMOUNTS) ? withThousands(tambala) : tambala / 100,
    });
  }
  return rows;
}

export function generateMalawiBudget(options: { seed?: number } = {}): DemoBudget {
  const random = mulberry32(options.seed ?? BUDGET_SEED);
  const lines: DemoBudgetLine[] = [];
  for (const fiscalYear of FISCAL_YEARS) {
    const context = { year: fiscalYear, monthsExecuted: monthsExecuted(fiscalYear) };
    for (const { codes, approved } of approvedLines(random, fiscalYear)) {
      lines.push({ ...codes, fiscalYear, amounts: stageAmounts(random, approved, codes.gfs, codes.fund, context) });
    }
  }
  return { lines, rows: lines.flatMap((line) => rowsOf(random, line)) };
}
