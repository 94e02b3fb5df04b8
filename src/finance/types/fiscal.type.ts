import { Field, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars.js';

@ObjectType({ description: "A date's place in a country's fiscal calendar." })
export class FiscalPeriod {
  @Field(() => String, { description: 'e.g. "2025/26".' })
  fiscalYear!: string;

  @Field(() => LocalDate)
  fiscalYearStart!: string;

  @Field(() => LocalDate)
  fiscalYearEnd!: string;

  @Field(() => Int, { description: '1–4 from the start of the fiscal year.' })
  quarter!: number;

  @Field(() => LocalDate)
  quarterStart!: string;

  @Field(() => LocalDate)
  quarterEnd!: string;
}

@ObjectType({ description: 'A fiscal year of a country.' })
export class FiscalYear {
  @Field(() => String)
  label!: string;

  @Field(() => LocalDate)
  start!: string;

  @Field(() => LocalDate)
  end!: string;

  @Field(() => [FiscalPeriod], { description: 'Its four quarters.' })
  quarters!: FiscalPeriod[];
}
