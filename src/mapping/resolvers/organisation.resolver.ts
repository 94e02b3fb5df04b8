import { sql } from 'kysely';
import { Arg, Authorized, Ctx, Float, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { codelistNames, organisationNames } from '../../aid/facts.js';
import { administrativeSegment } from '../../finance/coa-lookup.js';
import { badInput } from '../../graphql/errors.js';
import type { MappingContext } from '../context.js';
import { unmappedSources } from '../coverage.js';
import { mappingDb } from '../db.js';
import { nationalEntities, saveNationalEntity } from '../entities-query.js';
import { countryNameForms } from '../suggest/normalise.js';
import { DEFAULT_MIN_SCORE, suggestEntities } from '../suggest/suggest.js';
import { NationalEntityType, UnmappedOrganisation } from '../types/organisation.type.js';
import { refusedAsGraphql } from './errors.js';

async function administrativeSegmentOf(ctx: MappingContext, country: string): Promise<string> {
  const segment = await administrativeSegment(ctx.em, country);
  if (segment === null) throw badInput(`tributary has no administrative segment for ${country}`, 'country');
  return segment;
}

async function countryNames(ctx: MappingContext, country: string): Promise<string[]> {
  return (await codelistNames(ctx.em, 'Country', country)).flatMap(countryNameForms);
}

@Resolver()
export class OrganisationMappingResolver {
  @Query(() => [NationalEntityType], {
    description: 'The entities organisations are mapped to in a country: its votes, and what administrators added.',
  })
  nationalEntities(@Ctx() ctx: MappingContext, @Arg('country', () => String) country: string) {
    return nationalEntities(ctx.em, country.toUpperCase());
  }

  @Query(() => [UnmappedOrganisation], {
    description:
      'Organisations (implementers, receivers) no rule maps to the country’s administrative segment, the most money first, each with the national entities whose names are closest. Approving one is creating an org-ref or org-name rule.',
  })
  async organisationSuggestions(
    @Ctx() ctx: MappingContext,
    @Arg('country', () => String) country: string,
    @Arg('limit', () => Int, { defaultValue: 30 }) limit: number,
    @Arg('minScore', () => Float, { defaultValue: DEFAULT_MIN_SCORE }) minScore: number,
  ): Promise<UnmappedOrganisation[]> {
    const code = country.toUpperCase();
    if (limit < 0 || limit > 500) throw badInput('limit must be between 0 and 500', 'limit');
    const segment = await administrativeSegmentOf(ctx, code);
    const target = { scheme: `coa:${segment}`, country: code };
    const [sources, unmappedOrgs, entities, names] = await Promise.all([
      unmappedSources(ctx.em, { target }, 5000),
      mappingDb(ctx.em)
        .selectFrom('map_assignment')
        .select([
          'source_scheme as sourceScheme',
          'source_code as sourceCode',
          sql<number>`count(distinct activity_id)::int`.as('activities'),
        ])
        .where('target_scheme', '=', target.scheme)
        .where('country', '=', code)
        .where('target_code', 'is', null)
        .where('source_scheme', 'in', ['org-ref', 'org-name'])
        .groupBy(['source_scheme', 'source_code'])
        .orderBy('activities', 'desc')
        .orderBy('source_code')
        .$narrowType<{ sourceScheme: string; sourceCode: string }>()
        .execute(),
      nationalEntities(ctx.em, code),
      countryNames(ctx, code),
    ]);
    // The organisations leaving money unmapped first (largest first), then those of activities without money reported.
    const organisations = new Map<string, UnmappedOrganisation>();
    const entry = (scheme: string, sourceCode: string) => {
      const key = `${scheme}:${sourceCode}`;
      const found = organisations.get(key) ?? {
        sourceScheme: scheme,
        sourceCode,
        name: scheme === 'org-name' ? sourceCode : null,
        unmapped: [],
        activities: 0,
        suggestions: [],
      };
      organisations.set(key, found);
      return found;
    };
    for (const source of sources) {
      if (source.sourceScheme === 'org-ref' || source.sourceScheme === 'org-name') {
        entry(source.sourceScheme, source.sourceCode!).unmapped.push({ currency: source.currency, amount: source.amount });
      }
    }
    for (const org of unmappedOrgs) entry(org.sourceScheme, org.sourceCode).activities = org.activities;
    const chosen = [...organisations.values()].slice(0, limit);
    const refs = chosen.filter((o) => o.sourceScheme === 'org-ref').map((o) => o.sourceCode);
    const known = await organisationNames(ctx.em, refs);
    return chosen.map((organisation) => {
      const name = organisation.name ?? known.get(organisation.sourceCode) ?? null;
      return {
        ...organisation,
        name,
        suggestions: name ? suggestEntities(name, entities, { limit: 3, minScore, countryNames: names }) : [],
      };
    });
  }

  @Authorized<Role>('mapping-admin')
  @Mutation(() => NationalEntityType, { description: 'Adds a national entity or changes its name and aliases (mapping admins).' })
  saveNationalEntity(
    @Ctx() ctx: MappingContext,
    @Arg('country', () => String) country: string,
    @Arg('code', () => String) code: string,
    @Arg('name', () => String) name: string,
    @Arg('aliases', () => [String], { defaultValue: [] }) aliases: string[],
    @Arg('reason', () => String) reason: string,
  ) {
    return refusedAsGraphql(() =>
      ctx.em.transactional((em) =>
        saveNationalEntity(em, { country: country.toUpperCase(), code, name, aliases }, { by: ctx.viewer.subject, reason }),
      ),
    );
  }
}
