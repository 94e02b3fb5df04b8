import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';

@ObjectType({ description: 'One reason behind an alignment value, with the share of the money it covers.' })
export class AlignmentReason {
  @Field(() => String)
  reason!: string;

  @Field(() => Decimal, { nullable: true, description: 'Per cent of the activity’s money (activities only).' })
  share!: string | null;
}

@ObjectType({ description: 'One CABRI/Mokoro dimension: its value, the share of money it holds for, and why.' })
export class AlignmentValue {
  @Field(() => String, { description: 'YES, NO, PARTLY (some of the money) or UNKNOWN.' })
  status!: string;

  @Field(() => Decimal, { nullable: true, description: 'Per cent of the money that is aligned (activities).' })
  share!: string | null;

  @Field(() => String, { nullable: true, description: 'The rule that decided it, when one rule did.' })
  ruleId!: string | null;

  @Field(() => [AlignmentReason])
  reasons!: AlignmentReason[];

  @Field(() => Boolean, { description: 'An administrator decided it; what the rules derived is in `derived`.' })
  overridden!: boolean;

  @Field(() => GraphQLJSONObject, { nullable: true })
  derived!: Record<string, unknown> | null;
}

@ObjectType({ description: 'Budget alignment on the CABRI/Mokoro dimensions, derived by the alignment rules from the data.' })
export class Alignment {
  @Field(() => String, {
    nullable: true,
    description: 'How an activity’s transactions were weighed: by value in one currency, or by count.',
  })
  weighting!: string | null;

  @Field(() => AlignmentValue)
  onPlan!: AlignmentValue;

  @Field(() => AlignmentValue)
  onBudget!: AlignmentValue;

  @Field(() => AlignmentValue)
  onParliament!: AlignmentValue;

  @Field(() => AlignmentValue)
  onTreasury!: AlignmentValue;

  @Field(() => AlignmentValue)
  onProcurement!: AlignmentValue;

  @Field(() => AlignmentValue)
  onAccounting!: AlignmentValue;

  @Field(() => AlignmentValue)
  onAudit!: AlignmentValue;

  @Field(() => AlignmentValue)
  onReport!: AlignmentValue;
}

@ObjectType({ description: 'An alignment rule: for the dimensions named, when the condition holds, the value and its reason.' })
export class AlignmentRuleRow {
  @Field(() => String)
  id!: string;

  @Field(() => Int, { description: 'Lower wins.' })
  priority!: number;

  @Field(() => String, { description: 'A dimension, several joined by |, or * for all.' })
  dimension!: string;

  @Field(() => String, { description: 'Clauses joined by "and": fact = v, fact != v, fact in a|b; * always.' })
  condition!: string;

  @Field(() => Boolean, { nullable: true, description: 'null: unknown.' })
  value!: boolean | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { description: 'default (shipped) or admin.' })
  origin!: string;
}
