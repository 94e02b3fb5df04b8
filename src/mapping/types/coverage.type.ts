import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';
import type { CoverageTotalShape, MappingCoverageShape, UnmappedSourceShape } from '../admin/graph-shapes.js';

@ObjectType({ description: 'Money counted in one currency, and how much of it the rules place.' })
export class CoverageTotal implements CoverageTotalShape {
  @Field(() => String)
  currency!: string;

  @Field(() => Decimal)
  total!: string;

  @Field(() => Decimal)
  mapped!: string;

  @Field(() => Decimal)
  unmapped!: string;

  @Field(() => Decimal, {
    nullable: true,
    description:
      'Per cent of the money placed (2 decimals): mapped over all, each amount counted by its absolute value, so a refund or reversal is money to place, not money against it, and the share stays within 0–100 when the net total is negative or zero; null when nothing is counted.',
  })
  mappedShare!: string | null;

  @Field(() => Int)
  transactions!: number;
}

@ObjectType({ description: 'A code no rule places, by donor: the money it leaves unmapped.' })
export class UnmappedSource implements UnmappedSourceShape {
  @Field(() => String, { nullable: true, description: 'Reporting organisation’s IATI identifier.' })
  donorRef!: string | null;

  @Field(() => String, { nullable: true })
  donorName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'dac5, dac3, org-ref, org-name, budget-identifier, cofog; null: nothing was reported to map.',
  })
  sourceScheme!: string | null;

  @Field(() => String, { nullable: true })
  sourceCode!: string | null;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal)
  amount!: string;

  @Field(() => Int)
  activities!: number;
}

@ObjectType({ description: 'How much aid money a classification places, and what leaves the rest unmapped.' })
export class MappingCoverage implements MappingCoverageShape {
  @Field(() => String)
  segment!: string;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => [String], { description: 'Transaction types counted.' })
  transactionTypes!: string[];

  @Field(() => [CoverageTotal], { description: 'Per currency, the largest first.' })
  totals!: CoverageTotal[];

  @Field(() => [UnmappedSource], { description: 'The largest unmapped amounts first (within and across currencies, by amount).' })
  unmapped!: UnmappedSource[];
}
