import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { Decimal } from '../../graphql/scalars.js';
import { CoaCode } from './coa.type.js';

export enum BudgetStage {
  PROPOSED = 'proposed',
  APPROVED = 'approved',
  COMMITMENT_AUTHORITY = 'commitment_authority',
  REVISED = 'revised',
  ALLOTTED = 'allotted',
  COMMITTED = 'committed',
  VERIFIED = 'verified',
  PAID = 'paid',
}
registerEnumType(BudgetStage, { name: 'BudgetStage', description: 'Stages of a budget line, from proposal to payment (execution).' });

@ObjectType({ description: 'Amounts by stage; null where the export did not carry the stage.' })
export class StageAmounts {
  @Field(() => Decimal, { nullable: true })
  proposed!: string | null;

  @Field(() => Decimal, { nullable: true })
  approved!: string | null;

  @Field(() => Decimal, {
    name: 'commitmentAuthority',
    nullable: true,
    description: "Commitment authority: what may be committed, over years (AE, autorisations d'engagement, beside CP).",
  })
  commitment_authority!: string | null;

  @Field(() => Decimal, { nullable: true })
  revised!: string | null;

  @Field(() => Decimal, { nullable: true })
  allotted!: string | null;

  @Field(() => Decimal, { nullable: true })
  committed!: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Verified (liquidated): the service is done and the amount due, not yet paid.' })
  verified!: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Paid, i.e. executed.' })
  paid!: string | null;
}

@ObjectType({ description: 'A segment code a line or total is grouped under.' })
export class SegmentCode {
  @Field(() => String)
  segment!: string;

  @Field(() => CoaCode)
  code!: CoaCode;
}

@ObjectType({ description: 'A budget total for one fiscal year and one combination of the codes grouped by.' })
export class BudgetTotal {
  @Field(() => String)
  fiscalYear!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => [SegmentCode], { description: 'The group: one code per segment grouped by, in the order asked.' })
  group!: SegmentCode[];

  @Field(() => StageAmounts)
  amounts!: StageAmounts;

  @Field(() => Decimal, {
    nullable: true,
    description:
      'Paid ÷ budget, where each line counts its revised budget (its approved one if it has none), to 4 decimals; null without a budget.',
  })
  executionRate!: string | null;

  @Field(() => Int, { description: 'How many budget lines are in the total.' })
  lines!: number;

  country!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One line of a national budget export: an entity other subgraphs extend (the aid beside it) by its id.' })
export class BudgetLine {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  fiscalYear!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => StageAmounts)
  amounts!: StageAmounts;

  @Field(() => String, { description: 'The export (column map) it came from.' })
  dataset!: string;

  @Field(() => Int, { description: 'Its row in that export.' })
  sourceRow!: number;

  country!: string;
  codes!: Record<string, string>;
}

export const BudgetLineConnection = ConnectionType(BudgetLine, 'BudgetLine');
