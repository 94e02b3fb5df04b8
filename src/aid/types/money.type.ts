import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { OrgReference } from './activity.type.js';
import { Code } from './code.type.js';

/** Money is an exact decimal with its currency, as published; conversion comes with the finance domain. */
@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'A financial transaction of an activity (commitment, disbursement, expenditure…).' })
export class Transaction {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { nullable: true, description: "The publisher's own reference." })
  ref!: string | null;

  @Field(() => String, { nullable: true, description: 'The 1.0x code the publisher used (e.g. "D"), when `type` was translated from it.' })
  typeOriginal!: string | null;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => Decimal)
  value!: string;

  @Field(() => String, { description: 'ISO 4217 currency of the value.' })
  currency!: string;

  @Field(() => LocalDate, { nullable: true, description: 'The date to use for currency conversion.' })
  valueDate!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { nullable: true })
  humanitarian!: boolean | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'A budget of the activity for one period.' })
export class Budget {
  @Field(() => ID)
  id!: number;

  @Field(() => Code, { nullable: true, description: 'BudgetType: 1 original, 2 revised.' })
  type!: Code | null;

  @Field(() => Code, { nullable: true, description: 'BudgetStatus: 1 indicative, 2 committed.' })
  status!: Code | null;

  @Field(() => LocalDate)
  periodStart!: string;

  @Field(() => LocalDate)
  periodEnd!: string;

  @Field(() => Decimal)
  value!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => LocalDate, { nullable: true })
  valueDate!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'A disbursement the publisher plans for one period.' })
export class PlannedDisbursement {
  @Field(() => ID)
  id!: number;

  @Field(() => Code, { nullable: true })
  type!: Code | null;

  @Field(() => OrgReference, { nullable: true })
  provider!: OrgReference | null;

  @Field(() => OrgReference, { nullable: true })
  receiver!: OrgReference | null;

  @Field(() => LocalDate)
  periodStart!: string;

  @Field(() => LocalDate, { nullable: true })
  periodEnd!: string | null;

  @Field(() => Decimal)
  value!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => LocalDate, { nullable: true })
  valueDate!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The sum of one transaction type in one currency (no conversion).' })
export class TransactionTotal {
  @Field(() => String, { nullable: true, description: 'Transaction type code; null for transactions published without one.' })
  type!: string | null;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal)
  value!: string;

  @Field(() => Int, { description: 'How many transactions were summed.' })
  count!: number;
}

export const TransactionConnection = ConnectionType(Transaction, 'Transaction');
