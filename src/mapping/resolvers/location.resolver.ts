import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { centsOf, centsText } from '../../finance/cents.js';
import { fiscalYearByLabel } from '../../finance/fiscal-calendar.js';
import type { MappingContext } from '../context.js';
import type { AreaAidRow } from '../locations/area-aid.js';
import { unmatchedIn } from '../locations/queries.js';
import { MappedActivityLocation, MappedAdminArea } from '../types/external.type.js';
import { LocatedAid, LocatedAmount, LocationAreaMatch, UnmatchedLocation } from '../types/located-aid.type.js';

const MAX_UNMATCHED = 1000;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** An activity location's registry district (see src/mapping/locations/match.ts). */
@Resolver(() => MappedActivityLocation)
export class LocationAreaResolver {
  @FieldResolver(() => MappedAdminArea, {
    nullable: true,
    description: 'The registry district this location is matched to, by code or by name.',
  })
  async adminArea(@Root() location: MappedActivityLocation, @Ctx() ctx: MappingContext): Promise<MappedAdminArea | null> {
    const match = await ctx.loaders.locationMatch.load(Number(location.id));
    return match?.area ? { code: match.area } : null;
  }

  @FieldResolver(() => LocationAreaMatch, { nullable: true, description: 'How the district was matched, or why none was.' })
  async adminAreaMatch(@Root() location: MappedActivityLocation, @Ctx() ctx: MappingContext): Promise<LocationAreaMatch | null> {
    const match = await ctx.loaders.locationMatch.load(Number(location.id));
    if (!match) return null;
    return {
      adminArea: match.area ? { code: match.area } : null,
      method: match.method,
      problem: match.problem,
      candidates: match.candidates,
    };
  }

  @Query(() => [UnmatchedLocation], {
    description: "Locations of a country's activities that no registry district matched (ambiguous, or no district by code or name).",
  })
  async unmatchedLocations(
    @Ctx() ctx: MappingContext,
    @Arg('country', () => String, { description: 'ISO 3166 code: activities with this recipient country.' }) country: string,
    @Arg('first', () => Int, { defaultValue: 100, description: `At most ${MAX_UNMATCHED}.` }) first: number,
  ): Promise<UnmatchedLocation[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_UNMATCHED) throw badInput(`first must be 1 to ${MAX_UNMATCHED}, not ${first}`);
    const rows = await unmatchedIn(ctx.em, country.toUpperCase(), first);
    return rows.map((row) => ({
      location: { id: String(row.location_id) },
      activity: { iatiIdentifier: row.iati_identifier },
      name: row.name,
      problem: row.problem ?? 'NO_DISTRICT',
      candidates: row.candidates,
    }));
  }
}

/** The aid located in a registry district in a fiscal year (see src/mapping/locations/area-aid.ts). */
@Resolver(() => MappedAdminArea)
export class AdminAreaAidResolver {
  @FieldResolver(() => LocatedAid, {
    description:
      "Aid disbursed in a fiscal year at the activity locations matched to this district: each activity's disbursements split evenly across its locations, to the cent. Aggregate aid, no registry record.",
  })
  async aid(
    @Root() area: MappedAdminArea,
    @Ctx() ctx: MappingContext,
    @Arg('fiscalYear', () => String, { description: 'The country’s fiscal year, e.g. "2025/26".' }) fiscalYear: string,
    @Arg('country', () => String, {
      nullable: true,
      description: 'Default: the country whose chart an admin-area rule places the area in.',
    })
    country: string | null,
  ): Promise<LocatedAid> {
    const owner = country?.toUpperCase() ?? (await ctx.loaders.areaLocation.load(`\u0000${area.code}`))?.country;
    if (!owner) throw badInput(`admin area ${area.code} is in no country's chart (no admin-area rule): give country`);
    const calendar = await ctx.loaders.countryCalendar.load(owner);
    if (!calendar) throw badInput(`${owner} has no chart of accounts, so no fiscal calendar`);
    const year = fiscalYearByLabel({ startMonth: calendar.startMonth, ...(calendar.label ? { label: calendar.label } : {}) }, fiscalYear);
    if (!year) throw badInput(`"${fiscalYear}" is not a fiscal year of ${owner} (such as ${fiscalYearLabelHint(calendar.startMonth)})`);
    const rows = await ctx.loaders.areaAid({ from: year.start, to: year.end }).load(area.code);
    return { country: owner, fiscalYear, from: year.start, to: year.end, disbursed: totals(rows), activities: byActivity(rows) };
  }
}

function fiscalYearLabelHint(startMonth: number): string {
  return startMonth === 1 ? '"2025"' : '"2025/26"';
}

function totals(rows: readonly AreaAidRow[]): LocatedAmount[] {
  const cents = new Map<string, bigint>();
  for (const row of rows) cents.set(row.currency, (cents.get(row.currency) ?? 0n) + centsOf(row.amount));
  return [...cents].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ currency, amount: centsText(total) }));
}

function byActivity(rows: readonly AreaAidRow[]): LocatedAid['activities'] {
  const activities = new Map<string, LocatedAid['activities'][number]>();
  for (const row of rows) {
    const entry = activities.get(row.iati_identifier) ?? {
      activity: { iatiIdentifier: row.iati_identifier },
      locationsHere: row.here,
      locations: row.locations,
      disbursed: [],
    };
    entry.disbursed.push({ currency: row.currency, amount: row.amount });
    activities.set(row.iati_identifier, entry);
  }
  return [...activities.values()];
}
