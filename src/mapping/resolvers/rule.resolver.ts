import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination.js';
import type { MappingContext } from '../context.js';
import { findRules } from '../rule-query.js';
import { applyMappingSheet } from '../rules/sheet-apply.js';
import { createMappingRule, retireMappingRule, updateMappingRule } from '../rules/store.js';
import type { StoredRule } from '../rules/rule-row.js';
import {
  MappingChange,
  MappingRule,
  MappingRuleChange,
  MappingRuleConnection,
  MappingRuleFilter,
  MappingRuleInput,
  MappingRuleResult,
  MappingSheetResult,
} from '../types/rule.type.js';
import { refusedAsGraphql } from './errors.js';

const REASON = { description: 'Why: kept in the rule’s history.' };

@Resolver(() => MappingRule)
export class MappingRuleResolver {
  @Query(() => MappingRuleConnection, { description: 'Mapping rules (active unless filtered by status), page by page.' })
  mappingRules(
    @Ctx() ctx: MappingContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MappingRuleFilter, { nullable: true }) filter?: MappingRuleFilter,
  ) {
    return findRules(ctx.em, filter, page);
  }

  @Query(() => MappingRule, { nullable: true })
  mappingRule(@Ctx() ctx: MappingContext, @Arg('id', () => ID) id: string) {
    return ctx.loaders.ruleById.load(Number(id));
  }

  @Query(() => [MappingChange], {
    description: 'The history of anything the mapping domain keeps: subject rule, alignment-override…, key its id.',
  })
  mappingHistory(@Ctx() ctx: MappingContext, @Arg('subject', () => String) subject: string, @Arg('key', () => String) key: string) {
    return ctx.loaders.historyOf.load(`${subject}:${key}`);
  }

  @FieldResolver(() => [MappingChange], { description: 'Every version of this rule: who changed it, when, why, and what it was before.' })
  history(@Root() rule: StoredRule, @Ctx() ctx: MappingContext) {
    return ctx.loaders.historyOf.load(`rule:${rule.id}`);
  }

  @Authorized('mapping-admin')
  @Mutation(() => MappingRuleResult, { description: 'Creates a rule and re-applies the activities it reaches (mapping admins).' })
  createMappingRule(
    @Ctx() ctx: MappingContext,
    @Arg('rule', () => MappingRuleInput) rule: MappingRuleInput,
    @Arg('reason', () => String, REASON) reason: string,
  ) {
    return refusedAsGraphql(() => ctx.em.transactional((em) => createMappingRule(em, rule, { by: ctx.viewer.subject, reason })));
  }

  @Authorized('mapping-admin')
  @Mutation(() => MappingRuleResult, { description: 'A new version of a rule: its target code, share or validity (mapping admins).' })
  updateMappingRule(
    @Ctx() ctx: MappingContext,
    @Arg('id', () => ID) id: string,
    @Arg('change', () => MappingRuleChange) change: MappingRuleChange,
    @Arg('reason', () => String, REASON) reason: string,
  ) {
    const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    return refusedAsGraphql(() =>
      ctx.em.transactional((em) => updateMappingRule(em, Number(id), given, { by: ctx.viewer.subject, reason })),
    );
  }

  @Authorized('mapping-admin')
  @Mutation(() => MappingRuleResult, { description: 'Retires a rule: it stops applying and stays in the history (mapping admins).' })
  retireMappingRule(@Ctx() ctx: MappingContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String, REASON) reason: string) {
    return refusedAsGraphql(() => ctx.em.transactional((em) => retireMappingRule(em, Number(id), { by: ctx.viewer.subject, reason })));
  }

  @Authorized('mapping-admin')
  @Mutation(() => MappingSheetResult, {
    description:
      'Applies a CSV or XLSX mapping sheet (base64), all rows or none; a refusal lists every problem with row and field (mapping admins).',
  })
  uploadMappingSheet(
    @Ctx() ctx: MappingContext,
    @Arg('fileName', () => String) fileName: string,
    @Arg('content', () => String, { description: 'The file, base64.' }) content: string,
  ) {
    const bytes = Buffer.from(content, 'base64');
    return refusedAsGraphql(() => ctx.em.transactional((em) => applyMappingSheet(em, bytes, fileName, ctx.viewer.subject)));
  }
}
