import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';

@ObjectType({
  description: 'A share of an activity’s (or a transaction’s) money placed in one code of a classification, and what placed it.',
})
export class CoaAssignment {
  @Field(() => String, { description: 'cofog, or coa:<segment> of the country.' })
  segment!: string;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => String, { nullable: true, description: 'null: the share no rule placed (unmapped).' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Decimal, { description: 'Per cent; the shares of one segment sum to 100 (unmapped included).' })
  share!: string;

  @Field(() => String, {
    description: 'activity-rule (programme mapping or override), reported-budget-item, sector-rule, organisation-rule or unmapped.',
  })
  provenance!: string;

  @Field(() => [Int], { description: 'The rules applied, in order (a sector reaching a national code through COFOG uses two).' })
  ruleIds!: number[];

  @Field(() => String, { nullable: true, description: 'What was mapped: dac5, dac3, org-ref, budget-identifier…' })
  sourceScheme!: string | null;

  @Field(() => String, { nullable: true })
  sourceCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'First fiscal year (start year) this holds for; null: open.' })
  validFrom!: number | null;

  @Field(() => Int, { nullable: true })
  validTo!: number | null;

  @Field(() => Boolean, {
    description: 'Placed for this transaction itself (its own sectors or receiver), not inherited from its activity.',
  })
  own!: boolean;
}
