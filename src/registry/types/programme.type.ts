import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';

@Directive('@key(fields: "code")')
@ObjectType({ description: 'A social-protection programme (benefit plan).' })
export class Programme {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The registry it came from.' })
  source!: string;

  @Field(() => String, { description: 'individual or household.' })
  targeting!: string;

  @Field(() => String, { description: 'cash, in-kind or voucher.' })
  transferType!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal, { nullable: true })
  ceilingPerBeneficiary!: string | null;

  @Field(() => String, { description: 'ISO 3166 alpha-2.' })
  country!: string;
}

@ObjectType({ description: 'Payments of one programme in one payroll cycle: what was due, paid, failed or is pending.' })
export class PaymentReconciliation {
  @Field(() => String)
  programme!: string;

  @Field(() => String, { description: 'The payroll cycle, YYYY-MM.' })
  cycle!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => Int, { description: 'Payments due in the cycle (every status).' })
  dueCount!: number;

  @Field(() => Decimal)
  dueAmount!: string;

  @Field(() => Int, { description: 'Paid or reconciled.' })
  paidCount!: number;

  @Field(() => Decimal)
  paidAmount!: string;

  @Field(() => Int, { description: 'Paid and reconciled against the provider’s report.' })
  reconciledCount!: number;

  @Field(() => Decimal)
  reconciledAmount!: string;

  @Field(() => Int)
  failedCount!: number;

  @Field(() => Decimal)
  failedAmount!: string;

  @Field(() => Int)
  pendingCount!: number;

  @Field(() => Decimal)
  pendingAmount!: string;

  @Field(() => Decimal, { nullable: true, description: 'paidAmount / dueAmount, in percent (2 decimals).' })
  paidShare!: string | null;
}

@ObjectType({ description: 'Who pays for a programme: a code of the national budget, or a donor activity.' })
export class ProgrammeFundingSource {
  @Field(() => String, { description: 'budget (a national chart-of-accounts code), aid (an IATI activity) or other.' })
  kind!: string;

  @Field(() => String, {
    description: 'budget: `<segment>:<code>` of the country’s chart (programme:320-04-01); aid: the IATI identifier.',
  })
  reference!: string;

  @Field(() => String, { nullable: true })
  funder!: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Per cent of the programme’s transfers, where known.' })
  share!: string | null;

  /** The programme's country: whose chart a budget reference is a code of. */
  country!: string;
}
