import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { RegistryDimension, RegistryMeasure } from '../statistics/dimensions.js';

@ObjectType({
  description:
    'One cell (or total) of a registry statistic. A dimension the statistic is not broken down by is null. A suppressed cell has null count and amount: it is under k, or could be worked out from the cells and totals shown.',
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

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Decimal, { nullable: true, description: 'Payments only: the exact sum, in the currency.' })
  amount!: string | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => String, { nullable: true, description: 'primary (under k) or secondary (it would reveal a primary one).' })
  suppressionReason!: string | null;

  @Field(() => [RegistryDimension], { nullable: true, description: 'For a total: the dimensions it keeps (none: the grand total).' })
  over!: RegistryDimension[] | null;
}

@ObjectType({ description: 'A registry statistic with small-cell suppression applied.' })
export class RegistryStatistics {
  @Field(() => RegistryMeasure)
  measure!: RegistryMeasure;

  @Field(() => [RegistryDimension])
  dimensions!: RegistryDimension[];

  @Field(() => LocalDate)
  from!: string;

  @Field(() => LocalDate)
  to!: string;

  @Field(() => Int, { description: 'The threshold: a count from 1 to k − 1 is never shown.' })
  k!: number;

  @Field(() => [RegistryCell])
  cells!: RegistryCell[];

  @Field(() => [RegistryCell])
  totals!: RegistryCell[];

  @Field(() => Int, { description: 'How many cells are hidden.' })
  suppressedCount!: number;
}
