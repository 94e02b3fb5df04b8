import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import type { ActivitySplit } from '../projection/splits.js';
import type { AidProjectionRow, Converted, Money, Party, RowAlignment, RowAmount, SegmentCode } from '../projection/row.js';
import type { ProjectionRequest } from '../projection/setup.js';
import type { KindTotal, ProjectionTotal } from '../projection/totals.js';

/** The graph's shapes of the aid-on-budget view; the row itself is `AidProjectionRow` (projection/row.ts). */

@InputType({ description: 'What the aid-on-budget view shows. Every list is "any of"; an empty or missing list does not filter.' })
export class AidProjectionFilter implements ProjectionRequest {
  @Field(() => String, { description: 'ISO country code of a country whose chart of accounts the hub holds.' })
  country!: string;

  @Field(() => String, {
    nullable: true,
    description: "The segment rows are split by (default: the country's administrative one, the votes).",
  })
  segment?: string | null;

  @Field(() => [String], { nullable: true, description: 'National fiscal years, by name ("2025/26") or start year ("2025").' })
  fiscalYears?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'One row per quarter of the fiscal year.' })
  quarters?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'On treasury: on (YES and PARTLY), off (NO and PARTLY), partly, unknown.' })
  treasury?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'On budget: on, off, partly, unknown.' })
  budget?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Reporting organisations (IATI identifier, or name where none).' })
  donors?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'DAC purpose codes (5 digits) or categories (3 digits).' })
  sectors?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Administrative codes at any level: a vote takes its cost centres.' })
  votes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'grant, loan, other.' })
  financeTypes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Currency of presentation (default the national currency).' })
  currency?: string | null;
}

@ObjectType('ProjectionParty', { description: 'An organisation as the activity names it.' })
export class ProjectionParty implements Party {
  @Field(() => String, { nullable: true })
  ref!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType({ description: "The activity's code in another segment, where it maps to that one code." })
export class ProjectionSegmentCode implements SegmentCode {
  @Field(() => String)
  segment!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Decimal)
  share!: string;
}

@ObjectType({ description: 'One alignment dimension of the activity: YES, NO, PARTLY (share) or UNKNOWN, with the reasons.' })
export class ProjectionAlignmentValue implements RowAlignment {
  @Field(() => String)
  status!: 'YES' | 'NO' | 'PARTLY' | 'UNKNOWN';

  @Field(() => Decimal, { nullable: true, description: 'Per cent of the money aligned (100 for YES, 0 for NO, null when unknown).' })
  share!: string | null;

  @Field(() => [String])
  reasons!: string[];
}

@ObjectType()
export class ProjectionAlignment {
  @Field(() => ProjectionAlignmentValue) onPlan!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onBudget!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onParliament!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onTreasury!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onProcurement!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onAccounting!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onAudit!: RowAlignment;
  @Field(() => ProjectionAlignmentValue) onReport!: RowAlignment;
}

const TREASURY_PARTS = 'The on- and off-treasury parts by the on-treasury share (on + off = amount); null when treasury is unknown.';

/** The treasury parts every amount of a row carries: not a type of the graph itself (nothing refers to it), its fields are inherited. */
@ObjectType('ProjectionTreasuryParts')
class TreasuryParts {
  @Field(() => Decimal, { nullable: true, description: TREASURY_PARTS })
  onTreasury!: string | null;

  @Field(() => Decimal, { nullable: true })
  offTreasury!: string | null;
}

@ObjectType({ description: 'An amount in the currency of its transactions.' })
export class ProjectionMoney extends TreasuryParts implements Money {
  @Field(() => Decimal)
  amount!: string;

  @Field(() => String)
  currency!: string;
}

@ObjectType({ description: 'A converted amount with its rate, or null amounts and the reason (`error`) when no rate prices it.' })
export class ProjectionConversion extends TreasuryParts implements Converted {
  @Field(() => Decimal, { nullable: true })
  amount!: string | null;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal, { nullable: true, description: 'Units of `currency` per unit of the transaction currency.' })
  rate!: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'The date valued at: the latest value date of the year’s transactions, or the latest planned period start.',
  })
  valueDate!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The date of the (latest) published rate used.' })
  rateDate!: string | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType()
export class ProjectionAmount implements RowAmount {
  @Field(() => ProjectionMoney) transaction!: Money;
  @Field(() => ProjectionConversion) national!: Converted;
  @Field(() => ProjectionConversion) usd!: Converted;
  @Field(() => ProjectionConversion, { description: 'In the currency of presentation.' }) presented!: Converted;
}

@ObjectType()
export class ProjectionAmounts {
  @Field(() => ProjectionAmount, { description: 'Commitments (IATI transaction type 2).' }) committed!: RowAmount;
  @Field(() => ProjectionAmount, { description: 'Disbursements (type 3).' }) disbursed!: RowAmount;
  @Field(() => ProjectionAmount, { description: 'Expenditure (type 4).' }) expended!: RowAmount;
  @Field(() => ProjectionAmount, { description: 'Planned for the year: planned disbursements, else budgets (revised over original).' })
  forward!: RowAmount;
}

@ObjectType('AidProjectionRow', {
  description: 'One activity × national fiscal year (quarter) × transaction currency × one code of the segment split by.',
})
export class AidProjectionRowType implements AidProjectionRow {
  @Field(() => String) iatiIdentifier!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => Int, { description: 'Start year of the fiscal year.' }) fiscalYear!: number;
  @Field(() => String) fiscalYearLabel!: string;
  @Field(() => Int, { nullable: true }) quarter!: number | null;
  @Field(() => String) segment!: string;
  @Field(() => String, { nullable: true, description: 'Null: the part no rule places (unmapped).' }) code!: string | null;
  @Field(() => String, { nullable: true }) codeName!: string | null;
  @Field(() => Decimal, { description: 'Per cent of the activity’s money on this row.' }) share!: string;
  @Field(() => [ProjectionSegmentCode]) otherCodes!: SegmentCode[];
  @Field(() => ProjectionParty) donor!: Party;
  @Field(() => ProjectionParty, { nullable: true }) implementer!: Party | null;
  @Field(() => ProjectionParty, { nullable: true, description: 'The accountable organisation (IATI role 2).' }) counterpart!: Party | null;
  @Field(() => String, { description: 'grant, loan or other.' }) financeType!: 'grant' | 'loan' | 'other';
  @Field(() => String, { nullable: true }) iatiFinanceType!: string | null;
  @Field(() => ProjectionAlignment) alignment!: AidProjectionRow['alignment'];
  @Field(() => ProjectionAmounts) amounts!: AidProjectionRow['amounts'];
}

@ObjectType()
export class ProjectionTotalKey {
  @Field(() => String, { nullable: true }) fiscalYear?: string | null;
  @Field(() => String, { nullable: true }) donor?: string | null;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true, description: 'DAC sector category (3 digits); null: the activity reports none.' })
  sector?: string | null;
  @Field(() => String, { nullable: true }) financeType?: string | null;
  @Field(() => String, { nullable: true }) treasury?: string | null;
  @Field(() => String, { nullable: true }) budget?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
}

@ObjectType()
export class ProjectionKindTotal implements KindTotal {
  @Field(() => Decimal) amount!: string;
  @Field(() => Decimal) onTreasury!: string;
  @Field(() => Decimal) offTreasury!: string;
}

@ObjectType()
export class ProjectionKindTotals {
  @Field(() => ProjectionKindTotal) committed!: KindTotal;
  @Field(() => ProjectionKindTotal) disbursed!: KindTotal;
  @Field(() => ProjectionKindTotal) expended!: KindTotal;
  @Field(() => ProjectionKindTotal) forward!: KindTotal;
}

@ObjectType({ description: 'The sums of the rows sharing one value of each key, in the currency of presentation.' })
export class ProjectionTotalType implements ProjectionTotal {
  @Field(() => ProjectionTotalKey) key!: ProjectionTotal['key'];
  @Field(() => Int) rows!: number;
  @Field(() => Int, { description: 'Rows whose amounts no rate converts (left out of the sums).' }) unconverted!: number;
  @Field(() => ProjectionKindTotals) amounts!: ProjectionTotal['amounts'];
}

@ObjectType({ description: "An activity's share in one code of a segment of the chart, as placed, for the years it holds." })
export class ActivitySplitType implements ActivitySplit {
  @Field(() => String) iatiIdentifier!: string;
  @Field(() => String) segment!: string;
  @Field(() => String, { nullable: true, description: 'Null: the unmapped remainder.' }) code!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => Decimal) share!: string;
  @Field(() => Int, { nullable: true, description: 'First fiscal year (start year); null is open.' }) validFrom!: number | null;
  @Field(() => Int, { nullable: true }) validTo!: number | null;
}
