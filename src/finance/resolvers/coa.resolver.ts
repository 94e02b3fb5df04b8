import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import type { FinanceContext } from '../context.js';
import { codeKey, type CodeRow } from '../rows.js';
import { BudgetLine, BudgetTotal } from '../types/budget.type.js';
import { CoaCode, CoaSegment, CoaVersion, FinanceCountry } from '../types/coa.type.js';

/** A code as the graph carries it: its key; name, level and family come through the loaders. */
export function coaCode(country: string, segment: string, code: string): CoaCode {
  return { country, segment, code } as CoaCode;
}

/** A page size of budget lines: 100 by default, at most 1000. */
export function checkedLimit(limit: number | undefined): number {
  const size = limit ?? 100;
  if (!Number.isInteger(size) || size < 0 || size > 1000) throw badInput(`limit: ${size} is not between 0 and 1000`, 'limit');
  return size;
}

function fromRow(row: CodeRow): CoaCode {
  return coaCode(row.country, row.segment, row.code);
}

@Resolver(() => FinanceCountry)
export class FinanceCountryResolver {
  @Query(() => [FinanceCountry], {
    description: 'Countries the hub holds a chart of accounts for (loaded by tributary coa load, or the examples under mappings/coa/).',
  })
  async financeCountries(@Ctx() ctx: FinanceContext): Promise<FinanceCountry[]> {
    return ctx.loaders.allCountries.load('all');
  }

  @Query(() => FinanceCountry, { nullable: true })
  async financeCountry(@Ctx() ctx: FinanceContext, @Arg('code', () => String) code: string): Promise<FinanceCountry | null> {
    return ctx.loaders.country.load(code.toUpperCase());
  }

  @FieldResolver(() => [CoaVersion], { description: 'Every version of its chart of accounts, oldest first.' })
  async chartVersions(@Root() country: FinanceCountry, @Ctx() ctx: FinanceContext): Promise<CoaVersion[]> {
    return ctx.loaders.chartVersions.load(country.code);
  }

  @FieldResolver(() => [CoaSegment], { description: 'The segments of its chart of accounts, in their configured order.' })
  async segments(@Root() country: FinanceCountry, @Ctx() ctx: FinanceContext): Promise<CoaSegment[]> {
    return ctx.loaders.segmentsByCountry.load(country.code);
  }
}

@Resolver(() => CoaSegment)
export class CoaSegmentResolver {
  @FieldResolver(() => [CoaCode], { description: 'Codes at the top level (or under `parent`).' })
  async codes(
    @Root() segment: CoaSegment,
    @Ctx() ctx: FinanceContext,
    @Arg('parent', () => String, { nullable: true }) parent?: string,
  ): Promise<CoaCode[]> {
    return (await ctx.loaders.children.load(codeKey(segment.country, segment.id, parent ?? null))).map(fromRow);
  }
}

@Resolver(() => CoaCode)
export class CoaCodeResolver {
  @Query(() => CoaCode, {
    nullable: true,
    description: 'A code of a chart-of-accounts segment (any code of an open segment, listed or not).',
  })
  async coaCode(
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String) country: string,
    @Arg('segment', () => String) segment: string,
    @Arg('code', () => String) code: string,
  ): Promise<CoaCode | null> {
    const chart = country.toUpperCase();
    const row = await ctx.loaders.code.load(codeKey(chart, segment, code));
    if (row) return fromRow(row);
    // An open segment accepts any code: one no list names is still a code (no name, no level).
    const open = (await ctx.loaders.segmentsByCountry.load(chart)).some((s) => s.id === segment && s.open);
    return open && code.length > 0 ? coaCode(chart, segment, code) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Its name in `lang` (en, fr, es) when the chart has it, else its name.' })
  async name(
    @Root() code: CoaCode,
    @Ctx() ctx: FinanceContext,
    @Arg('lang', () => String, { nullable: true }) lang?: string,
  ): Promise<string | null> {
    const row = await ctx.loaders.code.load(codeKey(code.country, code.segment, code.code));
    if (!row) return null;
    const byLang: Record<string, string | null> = { en: row.nameEn, fr: row.nameFr, es: row.nameEs };
    return (lang ? byLang[lang.toLowerCase()] : null) ?? row.name;
  }

  @FieldResolver(() => Int, { nullable: true, description: '1 = top level; null for a code no list names (open segments).' })
  async level(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<number | null> {
    return (await ctx.loaders.code.load(codeKey(code.country, code.segment, code.code)))?.level ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The COFOG code (e.g. "07.2.1") the chart links this code to.' })
  async cofog(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<string | null> {
    return (await ctx.loaders.code.load(codeKey(code.country, code.segment, code.code)))?.cofog ?? null;
  }

  @FieldResolver(() => Boolean, {
    description: 'Retired by a later version of the chart: lines and rules keep it, new budget lines cannot use it.',
  })
  async retired(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<boolean> {
    return (await ctx.loaders.code.load(codeKey(code.country, code.segment, code.code)))?.retired ?? false;
  }

  @FieldResolver(() => CoaCode, { nullable: true })
  async parent(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<CoaCode | null> {
    const parent = (await ctx.loaders.code.load(codeKey(code.country, code.segment, code.code)))?.parent;
    return parent ? coaCode(code.country, code.segment, parent) : null;
  }

  @FieldResolver(() => [CoaCode], { description: 'The codes one level down.' })
  async children(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<CoaCode[]> {
    return (await ctx.loaders.children.load(codeKey(code.country, code.segment, code.code))).map(fromRow);
  }

  @FieldResolver(() => [CoaCode], { description: 'Its ancestors, top level first.' })
  async ancestors(@Root() code: CoaCode, @Ctx() ctx: FinanceContext): Promise<CoaCode[]> {
    return (await ctx.loaders.ancestors.load(codeKey(code.country, code.segment, code.code))).map(fromRow);
  }

  @FieldResolver(() => [BudgetTotal], {
    description: 'The budget of the lines coded here or below, by fiscal year and currency (every stage, with the execution rate).',
  })
  async budget(
    @Root() code: CoaCode,
    @Ctx() ctx: FinanceContext,
    @Arg('fiscalYears', () => [String], { nullable: true, description: 'Labels as the country writes them, e.g. "2025/26".' })
    fiscalYears?: string[] | null,
  ): Promise<BudgetTotal[]> {
    return ctx.loaders.budgetUnderCode(fiscalYears ?? null).load(codeKey(code.country, code.segment, code.code));
  }

  @FieldResolver(() => [BudgetLine], {
    description: 'The budget lines coded here or below, by id: the first `limit` (default 100, at most 1000).',
  })
  async budgetLines(
    @Root() code: CoaCode,
    @Ctx() ctx: FinanceContext,
    @Arg('fiscalYears', () => [String], { nullable: true }) fiscalYears?: string[] | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit?: number,
  ): Promise<BudgetLine[]> {
    return ctx.loaders
      .budgetLinesUnderCode({ fiscalYears: fiscalYears ?? null, first: checkedLimit(limit) })
      .load(codeKey(code.country, code.segment, code.code));
  }
}

/** A code other subgraphs refer to: its key is all the fields need (they load through the code loaders). */
export function resolveCoaCodeReference(reference: { country: string; segment: string; code: string }): CoaCode {
  return coaCode(reference.country, reference.segment, reference.code);
}
