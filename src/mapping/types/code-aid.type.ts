import { Field, Int, ObjectType } from 'type-graphql';
import type { CodeAid } from '../projection/under-codes.js';
import { AidBudgetSplits } from './beside-budget.type.js';
import { AidProjectionRowType } from './projection.type.js';

@ObjectType({ description: 'The aid the mapping rules place at a chart code or below it, in one national fiscal year.' })
export class CodeAidType implements Omit<CodeAid, 'rows'> {
  @Field(() => String) fiscalYear!: string;
  @Field(() => String, { description: 'The currency of presentation of `aid` and `presented` amounts.' }) currency!: string;
  @Field(() => AidBudgetSplits, { description: 'On, off and unknown to the budget, by amount kind.' }) aid!: CodeAid['aid'];
  @Field(() => Int, { description: 'Rows whose amounts no rate converts (left out of `aid`).' }) unconverted!: number;
  @Field(() => [AidProjectionRowType], {
    description: 'The aid-on-budget rows behind it: one per activity × code placed (at this code or below) in the year.',
  })
  activities!: CodeAid['rows'];
}
