import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { badInput } from '../../graphql/errors.js';
import { alignmentRulesCsv, replaceAlignmentRules, storedAlignmentRules } from '../alignment/table.js';
import { activitiesToApply, applyToActivities } from '../apply/run.js';
import type { MappingContext } from '../context.js';
import type { AlignmentRow } from '../loaders.js';
import { clearOverride, setOverride } from '../alignment/overrides.js';
import { Alignment, AlignmentRuleRow } from '../types/alignment.type.js';
import { MappedActivity, MappedTransaction } from '../types/external.type.js';
import { ALIGNMENT_DIMENSIONS, type AlignmentDimension } from '../types.js';
import { refusedAsGraphql } from './errors.js';

/** The stored row as the graph's type (a missing dimension, from an older rule set, is unknown). */
function alignmentOf(row: AlignmentRow | undefined): Alignment | null {
  if (!row) return null;
  const alignment = { weighting: row.weighting } as Alignment;
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    alignment[dimension] = row.dimensions[dimension] ?? {
      status: 'UNKNOWN',
      share: null,
      ruleId: null,
      reasons: [],
      overridden: false,
      derived: null,
    };
  }
  return alignment;
}

function dimensionOf(text: string): AlignmentDimension {
  if (!(ALIGNMENT_DIMENSIONS as readonly string[]).includes(text))
    throw badInput(`"${text}" is not one of ${ALIGNMENT_DIMENSIONS.join(', ')}`, 'dimension');
  return text as AlignmentDimension;
}

@Resolver(() => MappedActivity)
export class ActivityAlignmentResolver {
  @FieldResolver(() => Alignment, {
    nullable: true,
    description:
      'On plan, budget, parliament, treasury, procurement, accounting, audit, report: each with the share of the money and the reasons (null until mappings are applied).',
  })
  async alignment(@Root() activity: MappedActivity, @Ctx() ctx: MappingContext) {
    return alignmentOf((await ctx.loaders.alignmentByActivity.load(activity.iatiIdentifier))[0]);
  }
}

@Resolver(() => MappedTransaction)
export class TransactionAlignmentResolver {
  @FieldResolver(() => Alignment, { nullable: true, description: 'The alignment the rules derive from this transaction’s own data.' })
  async alignment(@Root() transaction: MappedTransaction, @Ctx() ctx: MappingContext) {
    const found = await ctx.loaders.alignmentByTransaction.load(Number(transaction.id));
    return found ? alignmentOf(found.own[0]) : null;
  }
}

@Resolver()
export class AlignmentRulesResolver {
  @Query(() => [AlignmentRuleRow], { description: 'The alignment rules in force, in the order they are read.' })
  alignmentRules(@Ctx() ctx: MappingContext) {
    return storedAlignmentRules(ctx.em);
  }

  @Query(() => String, { description: 'The alignment rules as the CSV sheet they are edited as.' })
  async alignmentRulesSheet(@Ctx() ctx: MappingContext) {
    return alignmentRulesCsv(await storedAlignmentRules(ctx.em));
  }

  @Authorized<Role>('mapping-admin')
  @Mutation(() => Int, {
    description: 'Replaces the alignment rules with a CSV sheet (all or nothing) and re-applies every activity; returns how many.',
  })
  replaceAlignmentRules(
    @Ctx() ctx: MappingContext,
    @Arg('sheet', () => String) sheet: string,
    @Arg('reason', () => String) reason: string,
  ) {
    return refusedAsGraphql(() =>
      ctx.em.transactional(async (em) => {
        if (!(await replaceAlignmentRules(em, sheet, 'admin', { by: ctx.viewer.subject, reason }))) return 0;
        return (await applyToActivities(em, await activitiesToApply(em, 'all'))).activities;
      }),
    );
  }

  @Authorized<Role>('mapping-admin')
  @Mutation(() => Alignment, {
    nullable: true,
    description: 'Decides one dimension of an activity over what the rules derive (mapping admins).',
  })
  async setAlignmentOverride(
    @Ctx() ctx: MappingContext,
    @Arg('iatiIdentifier', () => String) iatiIdentifier: string,
    @Arg('dimension', () => String) dimension: string,
    @Arg('value', () => Boolean) value: boolean,
    @Arg('reason', () => String) reason: string,
  ) {
    const which = dimensionOf(dimension);
    await refusedAsGraphql(() =>
      ctx.em.transactional((em) => setOverride(em, iatiIdentifier, which, value, { by: ctx.viewer.subject, reason })),
    );
    return alignmentOf((await ctx.loaders.alignmentByActivity.load(iatiIdentifier))[0]);
  }

  @Authorized<Role>('mapping-admin')
  @Mutation(() => Alignment, { nullable: true, description: 'Returns one dimension of an activity to what the rules derive.' })
  async clearAlignmentOverride(
    @Ctx() ctx: MappingContext,
    @Arg('iatiIdentifier', () => String) iatiIdentifier: string,
    @Arg('dimension', () => String) dimension: string,
    @Arg('reason', () => String) reason: string,
  ) {
    const which = dimensionOf(dimension);
    await refusedAsGraphql(() =>
      ctx.em.transactional((em) => clearOverride(em, iatiIdentifier, which, { by: ctx.viewer.subject, reason })),
    );
    return alignmentOf((await ctx.loaders.alignmentByActivity.load(iatiIdentifier))[0]);
  }
}
