import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';
import type { AidBesideBudget, BudgetSplit } from '../projection/beside-budget.js';
import type { PlacedRequest } from '../projection/placed.js';
import { MappedActivity } from './external.type.js';

@ObjectType({ description: 'Aid by its on-budget value: YES on, NO off, PARTLY split by its share, UNKNOWN apart.' })
export class AidBudgetSplit implements BudgetSplit {
  @Field(() => Decimal) total!: string;
  @Field(() => Decimal) onBudget!: string;
  @Field(() => Decimal) offBudget!: string;
  @Field(() => Decimal) unknown!: string;
}

@ObjectType()
export class AidBudgetSplits {
  @Field(() => AidBudgetSplit) committed!: BudgetSplit;
  @Field(() => AidBudgetSplit) disbursed!: BudgetSplit;
  @Field(() => AidBudgetSplit) expended!: BudgetSplit;
  @Field(() => AidBudgetSplit, { description: 'Planned for the year (planned disbursements, else budgets).' }) forward!: BudgetSplit;
}

@ObjectType({ description: "Finance's budget for the code and year, in its own currency." })
export class BudgetBeside {
  @Field(() => String) currency!: string;
  @Field(() => Decimal, { nullable: true }) approved!: string | null;
  @Field(() => Decimal, { nullable: true }) revised!: string | null;
  @Field(() => Decimal, { nullable: true }) paid!: string | null;
}

@ObjectType({ description: 'Aid to one code of a segment (rolled up to a level) in one fiscal year, beside the budget for it.' })
export class AidBesideBudgetRow implements AidBesideBudget {
  @Field(() => String) fiscalYear!: string;
  @Field(() => String, { nullable: true, description: 'Null: aid no rule places in the segment.' }) code!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { description: 'The currency of presentation of `aid`.' }) currency!: string;
  @Field(() => AidBudgetSplits) aid!: AidBesideBudget['aid'];
  @Field(() => Int, { description: 'Rows whose amounts no rate converts (left out of `aid`).' }) unconverted!: number;
  @Field(() => BudgetBeside, { nullable: true }) budget!: AidBesideBudget['budget'];
}

@InputType({ description: 'Activities placed in a national chart under codes at any level, and by alignment.' })
export class PlacedActivitiesFilter implements PlacedRequest {
  @Field(() => String) country!: string;
  @Field(() => String, { nullable: true, description: 'Default: the administrative segment.' }) segment?: string | null;
  @Field(() => [String], { nullable: true, description: 'Codes at any level (a vote takes its cost centres).' }) codes?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'on, off, partly, unknown.' }) treasury?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'on, off, partly, unknown.' }) budget?: string[] | null;
}

@ObjectType()
export class PlacedActivities {
  @Field(() => Int) totalCount!: number;
  @Field(() => [MappedActivity], { description: 'Aid’s activities, in a stable order.' }) nodes!: MappedActivity[];
}
