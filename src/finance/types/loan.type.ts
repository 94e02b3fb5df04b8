import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { Decimal, LocalDate } from '../../graphql/scalars.js';

export enum LoanAmountField {
  COMMITTED = 'committed',
  DISBURSED = 'disbursed',
  UNDISBURSED = 'undisbursed',
  CANCELLED = 'cancelled',
  REPAID = 'repaid',
  OUTSTANDING = 'outstanding',
}
registerEnumType(LoanAmountField, { name: 'LoanAmountField' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A loan, credit, grant or guarantee as the creditor statement or the debt system reports it.' })
export class Loan {
  @Field(() => ID, { description: '"<source>:<loan number>", e.g. "ibrd-statement:IBRD88550".' })
  id!: string;

  @Field(() => String)
  loanNumber!: string;

  @Field(() => String, { description: 'The system it comes from (ibrd-statement, dmfas…).' })
  source!: string;

  @Field(() => String)
  creditor!: string;

  @Field(() => String, { nullable: true, description: 'multilateral, bilateral, commercial or other.' })
  creditorCategory!: string | null;

  @Field(() => String, { description: 'loan, credit, grant, guarantee, bond or other.' })
  instrument!: string;

  @Field(() => String, { description: 'Borrowing country, ISO 3166 alpha-2.' })
  country!: string;

  @Field(() => String, { nullable: true })
  borrower!: string | null;

  @Field(() => String, { nullable: true })
  guarantor!: string | null;

  @Field(() => String, { nullable: true, description: "The creditor's project id (World Bank P-code), the key to IATI activities." })
  projectId!: string | null;

  @Field(() => String, { nullable: true })
  projectName!: string | null;

  @Field(() => String, {
    description: 'pipeline, signed, effective, disbursing, repaying, fully-disbursed, fully-repaid, cancelled, terminated or other.',
  })
  status!: string;

  @Field(() => String, { nullable: true, description: "The source's own status words." })
  statusText!: string | null;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal, { nullable: true })
  committed!: string | null;

  @Field(() => Decimal, { nullable: true })
  disbursed!: string | null;

  @Field(() => Decimal, { nullable: true })
  undisbursed!: string | null;

  @Field(() => Decimal, { nullable: true })
  cancelled!: string | null;

  @Field(() => Decimal, { nullable: true })
  repaid!: string | null;

  @Field(() => Decimal, { nullable: true })
  outstanding!: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Percent per year.' })
  interestRate!: string | null;

  @Field(() => String, { nullable: true })
  interestType!: string | null;

  @Field(() => LocalDate, { nullable: true })
  signingDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  approvalDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  effectiveDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  closingDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  firstRepaymentDate!: string | null;

  @Field(() => LocalDate, { nullable: true })
  lastRepaymentDate!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The statement date the balances are as of.' })
  asOf!: string | null;

  loanId!: number;
  terms!: Record<string, string>;
  importRunId!: number;
}

@ObjectType({ description: 'A term of a loan as the source gives it (grace period, maturity, loan type…).' })
export class LoanTerm {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'A disbursement or debt-service flow of a loan.' })
export class LoanFlow {
  @Field(() => String, { description: 'disbursement, principal, interest, fee, cancellation or arrears.' })
  type!: string;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => Decimal)
  value!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => Decimal, { nullable: true, description: 'The USD equivalent the source reported: the flow’s own exchange rate.' })
  valueUsd!: string | null;

  @Field(() => Boolean, { description: 'Scheduled (projected) rather than actual.' })
  scheduled!: boolean;

  @Field(() => String, { nullable: true })
  reference!: string | null;

  @Field(() => Int)
  seq!: number;

  loanId!: number;
  country!: string;
}

export const LoanConnection = ConnectionType(Loan, 'Loan');
