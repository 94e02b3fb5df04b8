import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { DateTime, Decimal } from '../../graphql/scalars.js';
import type { MappingChangeShape, MappingRuleResultShape, MappingRuleShape, MappingSheetResultShape } from '../admin/graph-shapes.js';

@ObjectType({ description: 'One change to a mapping rule, alignment rule, override or national entity: never rewritten.' })
export class MappingChange implements MappingChangeShape {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'rule, alignment-rule, alignment-override or national-entity.' })
  subject!: string;

  @Field(() => String, { description: 'Which one: a rule id, an activity and dimension…' })
  subjectKey!: string;

  @Field(() => String, { description: 'create, update, retire or remove.' })
  operation!: string;

  @Field(() => Int, { nullable: true, description: 'The version the change made (rules).' })
  version!: number | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  after!: Record<string, unknown> | null;

  @Field(() => String)
  changedBy!: string;

  @Field(() => DateTime)
  changedAt!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true, description: 'Changes made together (one sheet, one mutation) share a batch.' })
  batch!: string | null;
}

@ObjectType({
  description:
    'Money classified sourceScheme:sourceCode goes, for share per cent, to targetScheme:targetCode in fiscal years validFrom–validTo (start years; null is open).',
})
export class MappingRule implements MappingRuleShape<number> {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { nullable: true, description: 'The chart of accounts’ country (ISO alpha-2); null for COFOG targets.' })
  country!: string | null;

  @Field(() => String, { description: 'dac5, dac3, sector:<vocabulary>, budget-identifier, cofog, org-ref, org-name, activity, loan.' })
  sourceScheme!: string;

  @Field(() => String)
  sourceCode!: string;

  @Field(() => String, { description: 'cofog, or coa:<segment> of the country (coa:functional, coa:administrative, coa:programme…).' })
  targetScheme!: string;

  @Field(() => String)
  targetCode!: string;

  @Field(() => Decimal, { description: 'Per cent of the source’s money.' })
  share!: string;

  @Field(() => Int, { nullable: true })
  validFrom!: number | null;

  @Field(() => Int, { nullable: true })
  validTo!: number | null;

  @Field(() => String, { description: 'active or retired.' })
  status!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: 'admin (graph or page), sheet (bulk upload) or default (a table shipped under mappings/).' })
  origin!: string;

  @Field(() => String)
  changedBy!: string;

  @Field(() => DateTime)
  changedAt!: string;

  @Field(() => String)
  reason!: string;
}

export const MappingRuleConnection = ConnectionType(MappingRule, 'MappingRule');

@InputType({ description: 'Every condition given must hold; lists match any of their values.' })
export class MappingRuleFilter {
  @Field(() => [String], { nullable: true })
  country?: string[] | null;

  @Field(() => [String], { nullable: true })
  sourceScheme?: string[] | null;

  @Field(() => [String], { nullable: true })
  sourceCode?: string[] | null;

  @Field(() => [String], { nullable: true })
  targetScheme?: string[] | null;

  @Field(() => [String], { nullable: true })
  targetCode?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'active (default) or retired.' })
  status?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'admin, sheet or default.' })
  origin?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Only rules valid in this fiscal year (start year).' })
  fiscalYear?: number | null;
}

@InputType({ description: 'A new rule. share defaults to 100; fiscal years as 2024 or 2024/25.' })
export class MappingRuleInput {
  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String)
  sourceScheme!: string;

  @Field(() => String)
  sourceCode!: string;

  @Field(() => String)
  targetScheme!: string;

  @Field(() => String)
  targetCode!: string;

  @Field(() => String, { nullable: true })
  share?: string | null;

  @Field(() => String, { nullable: true })
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  validTo?: string | null;
}

@InputType({ description: 'What changes in a rule; what is not given stays. An empty validFrom/validTo opens the range.' })
export class MappingRuleChange {
  @Field(() => String, { nullable: true })
  targetCode?: string | null;

  @Field(() => String, { nullable: true })
  share?: string | null;

  @Field(() => String, { nullable: true })
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  validTo?: string | null;
}

@ObjectType({ description: 'A rule as a change left it, and how many activities were re-applied with it.' })
export class MappingRuleResult implements MappingRuleResultShape<number> {
  @Field(() => MappingRule)
  rule!: MappingRule;

  @Field(() => Int)
  reapplied!: number;
}

@ObjectType({ description: 'What a mapping sheet changed (it is applied whole or not at all).' })
export class MappingSheetResult implements MappingSheetResultShape {
  @Field(() => String)
  batch!: string;

  @Field(() => Int)
  rows!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  retired!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'Activities whose assignments were re-applied.' })
  reapplied!: number;
}
