import { Field, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import type { CodeTransaction } from '../projection/code-transactions.js';
import type { RowAmount } from '../projection/row.js';
import { MappedActivity, MappedCoaCode, MappedTransaction } from './external.type.js';
import { ProjectionAmount } from './projection.type.js';

@ObjectType('CodeTransaction', {
  description:
    "A donor transaction's part in a national chart code: its share of the code (the codes placed under it added up) and that part of its value, exact to the cent, converted as the aid-on-budget view converts.",
})
export class CodeTransactionType {
  @Field(() => MappedTransaction, { description: 'The transaction itself (aid resolves its fields).' })
  transaction!: MappedTransaction;

  @Field(() => MappedActivity)
  activity!: MappedActivity;

  @Field(() => String, { nullable: true, description: 'IATI transaction type (2 commitment, 3 disbursement, 4 expenditure…).' })
  type!: string | null;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => String, { description: 'The national fiscal year of its date ("2025/26").' })
  fiscalYear!: string;

  @Field(() => String)
  country!: string;

  @Field(() => String)
  segment!: string;

  @Field(() => String, { nullable: true, description: 'Null: the part no rule places (unmapped).' })
  code!: string | null;

  @Field(() => MappedCoaCode, { nullable: true, description: 'The chart code itself (finance’s entity); null for the unmapped part.' })
  chartCode!: MappedCoaCode | null;

  @Field(() => Decimal, { description: 'Per cent of the transaction in the code.' })
  share!: string;

  @Field(() => ProjectionAmount, {
    description: 'Its part of the value: in the transaction currency, national currency, USD and the currency of presentation.',
  })
  amount!: RowAmount;
}

export function codeTransactionType(row: CodeTransaction): CodeTransactionType {
  return {
    transaction: { id: String(row.transactionId), date: row.date },
    activity: { iatiIdentifier: row.iatiIdentifier },
    type: row.type,
    date: row.date,
    fiscalYear: row.fiscalYear,
    country: row.country,
    segment: row.segment,
    code: row.code,
    chartCode: row.code === null ? null : { country: row.country, segment: row.segment, code: row.code },
    share: row.share,
    amount: row.amount,
  };
}
