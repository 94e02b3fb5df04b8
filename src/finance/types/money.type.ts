import { Field, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';

@ObjectType({ description: 'One unit of `currency` is worth `rate` units of `quote` on `date` (a day, or the month it starts).' })
export class ExchangeRate {
  @Field(() => String)
  source!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => String)
  quote!: string;

  @Field(() => String, { description: 'day or month (a monthly average).' })
  period!: string;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => Decimal)
  rate!: string;
}

@ObjectType({ description: 'An amount in another currency, with the rate used and why that one.' })
export class Conversion {
  @Field(() => Decimal, { description: 'Rounded half-even to 2 decimals.' })
  amount!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal)
  original!: string;

  @Field(() => String)
  originalCurrency!: string;

  @Field(() => Decimal, { description: 'Units of `currency` per unit of `originalCurrency`.' })
  rate!: string;

  @Field(() => LocalDate, { description: 'The date the amount was valued at.' })
  date!: string;

  @Field(() => String, {
    description: "same-currency, own-rate (the record's own rate), value-date (a rate for that day or month) or nearest-earlier.",
  })
  method!: string;

  @Field(() => String, { description: 'Where the rate came from.' })
  source!: string;

  @Field(() => [ExchangeRate], { description: 'The published rates used: one, or two when converted through a common currency.' })
  rates!: ExchangeRate[];
}
