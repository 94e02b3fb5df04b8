import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { MappingContext } from '../context.js';
import type { AssignmentRow } from '../loaders.js';
import { fiscalYearOf } from '../projection/code-transactions.js';
import { CoaAssignment } from '../types/assignment.type.js';
import { codeTransactionType, CodeTransactionType } from '../types/code-transaction.type.js';
import { MappedActivity, MappedTransaction } from '../types/external.type.js';

const SEGMENT = { nullable: true, description: 'Only this classification: cofog, or coa:<segment> (coa:functional, coa:administrative…).' };
const COUNTRY = { nullable: true, description: 'Only this country’s chart of accounts (ISO alpha-2); COFOG has none.' };

type Placed = Pick<AssignmentRow, 'segment' | 'country' | 'validFrom' | 'validTo'>;

function valid(row: Placed, year: number | null | undefined): boolean {
  return year == null || ((row.validFrom === null || row.validFrom <= year) && (row.validTo === null || row.validTo >= year));
}

function wanted(row: Placed, segment: string | null | undefined, country: string | null | undefined): boolean {
  return (!segment || row.segment === segment) && (!country || row.country === country.toUpperCase() || row.country === null);
}

function output(row: AssignmentRow, own: boolean): CoaAssignment {
  return { ...row, own };
}

@Resolver(() => MappedActivity)
export class ActivityCoaResolver {
  @FieldResolver(() => [CoaAssignment], {
    description:
      'The activity’s money by classification code, with the rule behind each share: COFOG, and the national chart of accounts of each country it is in. Shares of one segment sum to 100, unmapped included.',
  })
  async coa(
    @Root() activity: MappedActivity,
    @Ctx() ctx: MappingContext,
    @Arg('segment', () => String, SEGMENT) segment?: string | null,
    @Arg('country', () => String, COUNTRY) country?: string | null,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only what holds in this fiscal year (start year).' })
    fiscalYear?: number | null,
  ): Promise<CoaAssignment[]> {
    const rows = await ctx.loaders.assignmentsByActivity.load(activity.iatiIdentifier);
    return rows.filter((row) => wanted(row, segment, country) && valid(row, fiscalYear)).map((row) => output(row, false));
  }
}

@Resolver(() => MappedTransaction)
export class TransactionCoaResolver {
  @Directive('@requires(fields: "date")')
  @FieldResolver(() => [CoaAssignment], {
    description:
      'The transaction’s money by classification code: its own where its sectors or receiver differ from its activity’s, else its activity’s; what holds in the fiscal year of its date.',
  })
  async coa(
    @Root() transaction: MappedTransaction,
    @Ctx() ctx: MappingContext,
    @Arg('segment', () => String, SEGMENT) segment?: string | null,
    @Arg('country', () => String, COUNTRY) country?: string | null,
  ): Promise<CoaAssignment[]> {
    const found = await ctx.loaders.assignmentsByTransaction.load(Number(transaction.id));
    if (!found) return [];
    const countries = [...new Set([...found.own, ...found.activity].flatMap((row) => (row.country ? [row.country] : [])))];
    const months = new Map(
      (await ctx.loaders.fiscalStartMonth.loadMany(countries)).flatMap((row) =>
        row && !(row instanceof Error) ? [[row.country, row.month]] : [],
      ),
    );
    const inYear = (row: Placed) => valid(row, fiscalYearOf(transaction.date, row.country ? (months.get(row.country) ?? 1) : 1));
    const ownTargets = new Set(found.own.map((row) => `${row.country}:${row.segment}`));
    return [
      ...found.own.map((row) => output(row, true)),
      ...found.activity.filter((row) => !ownTargets.has(`${row.country}:${row.segment}`)).map((row) => output(row, false)),
    ].filter((row) => wanted(row, segment, country) && inYear(row));
  }

  @FieldResolver(() => [CodeTransactionType], {
    description:
      'The transaction’s part in each national chart code it is placed in (its own placement where it has one, else its activity’s, in the fiscal year of its date), exact to the cent; the unmapped part with a null code.',
  })
  async coaShares(
    @Root() transaction: MappedTransaction,
    @Ctx() ctx: MappingContext,
    @Arg('country', () => String, COUNTRY) country?: string | null,
    @Arg('segment', () => String, { nullable: true, description: 'Only this segment of the chart (default every one it is placed in).' })
    segment?: string | null,
    @Arg('currency', () => String, { nullable: true, description: 'Currency of presentation (default the national one).' })
    currency?: string | null,
  ): Promise<CodeTransactionType[]> {
    const id = Number(transaction.id);
    if (!Number.isSafeInteger(id)) return [];
    const options = { country: country ?? null, segment: segment ?? null, currency: currency ?? null };
    return (await ctx.loaders.codeSharesOfTransaction(options).load(id)).map(codeTransactionType);
  }
}
