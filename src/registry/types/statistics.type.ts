import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { RegistryDimension, RegistryMeasure } from '../statistics/dimensions.js';

@ObjectType({
  description:
    'One cell (or total) of a registry statistic. A dimension the statistic is not broken down by is null. Unless the statistic is exact, a cell counting 0 after perturbation is left out, like an empty one.',
})
export class RegistryCell {
  @Field(() => String, { nullable: true })
  programme!: string | null;

  @Field(() => String, { nullable: true, description: 'Admin area code at the asked level.' })
  area!: string | null;

  @Field(() => String, { nullable: true })
  areaName!: string | null;

  @Field(() => String, { nullable: true, description: '2025-03, 2025-Q1 or 2025.' })
  period!: string | null;

  @Field(() => String, { nullable: true, description: 'F, M or X.' })
  sex!: string | null;

  @Field(() => String, { nullable: true, description: '0-4, 5-17, 18-59 or 60+.' })
  ageBand!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  currency!: string | null;

  @Field(() => String, { nullable: true })
  category!: string | null;

  @Field(() => String, { nullable: true })
  channel!: string | null;

  @Field(() => String, { nullable: true })
  priority!: string | null;

  @Field(() => String, { nullable: true })
  kind!: string | null;

  @Field(() => Int, { description: 'Exact for a registry officer; otherwise the sum of perturbed district cells.' })
  count!: number;

  @Field(() => Decimal, { nullable: true, description: 'Payments only: the sum, in the currency (perturbed like count unless exact).' })
  amount!: string | null;

  @Field(() => [RegistryDimension], { nullable: true, description: 'For a total: the dimensions it keeps (none: the grand total).' })
  over!: RegistryDimension[] | null;
}

@ObjectType({ description: 'A registry statistic, exact or perturbed by the cell key method (see the README).' })
export class RegistryStatistics {
  @Field(() => RegistryMeasure)
  measure!: RegistryMeasure;

  @Field(() => [RegistryDimension])
  dimensions!: RegistryDimension[];

  @Field(() => LocalDate)
  from!: string;

  @Field(() => LocalDate)
  to!: string;

  @Field(() => Int, { description: 'The threshold: unless exact, no group of 1 to k − 1 records is ever shown as its own count.' })
  k!: number;

  @Field(() => Boolean, {
    description:
      'True for a registry officer. Otherwise each district cell is off by at most ±2 (amounts: see the README), and totals add up the cells.',
  })
  exact!: boolean;

  @Field(() => [RegistryCell])
  cells!: RegistryCell[];

  @Field(() => [RegistryCell])
  totals!: RegistryCell[];
}
