import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import type { MappingContext } from '../context.js';
import type { CodeAid } from '../projection/under-codes.js';
import { CoaAssignment } from '../types/assignment.type.js';
import { CodeAidType } from '../types/code-aid.type.js';
import { CodeTransactionType, codeTransactionType } from '../types/code-transaction.type.js';
import { MappedActivity, MappedBudgetLine, MappedCoaCode, MappedOrganisation } from '../types/external.type.js';
import { OrganisationEntity } from '../types/organisation-entity.type.js';
import { AidProjectionRowType } from '../types/projection.type.js';

const asType = (aid: CodeAid): CodeAidType => ({ ...aid, activities: aid.rows });

@Resolver(() => MappedCoaCode)
export class CoaCodeAidResolver {
  @FieldResolver(() => [CodeAidType], {
    description:
      'The aid the mapping rules place at this code or below it (the aid-on-budget view, rolled up), per national fiscal year, with the activities behind it.',
  })
  async aid(
    @Root() code: MappedCoaCode,
    @Ctx() ctx: MappingContext,
    @Arg('fiscalYears', () => [String], { nullable: true, description: 'Names ("2025/26") or start years; default every year with aid.' })
    fiscalYears?: string[] | null,
    @Arg('currency', () => String, { nullable: true, description: 'Currency of presentation (default the national one).' })
    currency?: string | null,
  ): Promise<CodeAidType[]> {
    const aid = await ctx.loaders.aidUnderCode({ fiscalYears: fiscalYears ?? null, currency: currency ?? null }).load(code);
    return aid.map(asType);
  }

  @FieldResolver(() => [CodeTransactionType], {
    description:
      'The donor transactions the mapping rules place at this code or below it (a transaction’s own placement where it has one, else its activity’s), by date: the first `limit` (default 100, at most 1000), each with its share of the code and that part of its value.',
  })
  async transactions(
    @Root() code: MappedCoaCode,
    @Ctx() ctx: MappingContext,
    @Arg('fiscalYears', () => [String], { nullable: true, description: 'Names ("2025/26") or start years; default every year.' })
    fiscalYears?: string[] | null,
    @Arg('types', () => [String], { nullable: true, description: 'IATI transaction types (e.g. ["3"] for disbursements); default all.' })
    types?: string[] | null,
    @Arg('currency', () => String, { nullable: true, description: 'Currency of presentation (default the national one).' })
    currency?: string | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit?: number,
  ): Promise<CodeTransactionType[]> {
    const size = limit ?? 100;
    if (!Number.isInteger(size) || size < 0 || size > 1000) throw badInput(`limit: ${size} is not between 0 and 1000`, 'limit');
    const options = { fiscalYears: fiscalYears ?? null, types: [...new Set(types ?? [])].sort(), currency: currency ?? null };
    const rows = await ctx.loaders.transactionsUnderCode(options).load(code);
    return rows.slice(0, size).map(codeTransactionType);
  }
}

@Resolver(() => MappedBudgetLine)
export class BudgetLineAidResolver {
  @FieldResolver(() => CodeAidType, {
    nullable: true,
    description:
      "The aid placed, in the line's fiscal year, in its code of `segment` rolled up to `level`: by default the vote (level 1 of the administrative segment). Null when the line has no code in the segment.",
  })
  async aid(
    @Root() line: MappedBudgetLine,
    @Ctx() ctx: MappingContext,
    @Arg('segment', () => String, { nullable: true, description: 'Default: the administrative segment.' }) segment?: string | null,
    @Arg('level', () => Int, { nullable: true, defaultValue: 1, description: '1 = top level; null: the line’s own code.' })
    level?: number | null,
    @Arg('currency', () => String, { nullable: true, description: 'Currency of presentation (default the national one).' })
    currency?: string | null,
  ): Promise<CodeAidType | null> {
    if (level != null && (!Number.isInteger(level) || level < 1 || level > 9))
      throw badInput(`level: ${level} is not a level (1 = top)`, 'level');
    const id = Number(line.id);
    if (!Number.isSafeInteger(id)) return null;
    const aid = await ctx.loaders.aidBesideLine({ segment: segment ?? null, level: level ?? null, currency: currency ?? null }).load(id);
    return aid ? asType(aid) : null;
  }
}

@Resolver(() => AidProjectionRowType)
export class ProjectionRowActivityResolver {
  @FieldResolver(() => MappedActivity, { description: 'The activity itself (aid resolves its fields).' })
  activity(@Root() row: AidProjectionRowType): MappedActivity {
    return { iatiIdentifier: row.iatiIdentifier };
  }
}

@Resolver(() => CoaAssignment)
export class AssignmentChartCodeResolver {
  @FieldResolver(() => MappedCoaCode, {
    nullable: true,
    description:
      'The national chart code itself (finance’s entity: its budget, lines and hierarchy); null for COFOG and the unmapped share. Under a loan’s `coa`, the budget lines of the programme or fund its `loan` rule names.',
  })
  chartCode(@Root() assignment: CoaAssignment): MappedCoaCode | null {
    if (!assignment.segment.startsWith('coa:') || assignment.code === null || assignment.country === null) return null;
    return { country: assignment.country, segment: assignment.segment.slice('coa:'.length), code: assignment.code };
  }
}

@Resolver(() => MappedOrganisation)
export class OrganisationEntityResolver {
  @Directive('@requires(fields: "name")')
  @FieldResolver(() => [OrganisationEntity], {
    description:
      'The national entities (administrative codes) the mapping rules map this organisation to, by its identifier (org-ref) or its name (org-name).',
  })
  async nationalEntities(@Root() organisation: MappedOrganisation, @Ctx() ctx: MappingContext): Promise<OrganisationEntity[]> {
    const rows = await ctx.loaders.organisationEntities.load({ id: organisation.id, name: organisation.name ?? null });
    return rows.map((row) => ({
      ...row,
      country: row.country ?? '',
      chartCode: { country: row.country ?? '', segment: row.segment, code: row.code },
    }));
  }
}
