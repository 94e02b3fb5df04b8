import { sql } from 'kysely';
import { Arg, Authorized, Ctx, Float, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { select } from '../../db/loader-kit.js';
import { badInput } from '../../graphql/errors.js';
import type { MappingContext } from '../context.js';
import { unmappedSources } from '../coverage.js';
import { nationalEntities, saveNationalEntity } from '../entities-query.js';
import { countryNameForms } from '../suggest/normalise.js';
import { DEFAULT_MIN_SCORE, suggestEntities } from '../suggest/suggest.js';
import { NationalEntityType, UnmappedOrganisation } from '../types/organisation.type.js';
import { refusedAsGraphql } from './errors.js';

async function administrativeSegment(ctx: MappingContext, country: string): Promise<string> {
  const [row] = await select(
    ctx.em,
    sql<{
      segment: string;
    }>`select segment from fin_coa_segment where country = ${country} and kind = 'administrative' order by seq limit 1`,
  );
  if (!row) throw badInput(`tributary has no administrative segment for ${country}`, 'country');
  return row.segment;
}

async function countryNames(ctx: MappingContext, country: string): Promise<string[]> {
  const rows = await select(
    ctx.em,
    sql<{ name: string }>`select name from aid_codelist_item where codelist = 'Country' and code = ${country}`,
  );
  return rows.flatMap((row) => countryNameForms(row.name));
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
    const segment = await administrativeSegment(ctx, code);
    const target = { scheme: `coa:${segment}`, country: code };
    const [sources, unmappedOrgs, entities, names] = await Promise.all([
      unmappedSources(ctx.em, { target }, 5000),
      select(
        ctx.em,
        sql<{
          sourceScheme: string;
          sourceCode: string;
          activities: number;
        }>`select source_scheme as "sourceScheme", source_code as "sourceCode",
          count(distinct activity_id)::int as activities from map_assignment
          where target_scheme = ${target.scheme} and country = ${code} and target_code is null and source_scheme in ('org-ref', 'org-name')
          group by 1, 2 order by 3 desc, 2`,
      ),
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
    const known = new Map(
      (
        await select(
          ctx.em,
          sql<{
            ref: string;
            name: string;
          }>`select ref, name from aid_organisation where ref = any(${sql.val(refs)}::text[]) and name is not null`,
        )
      ).map((row) => [row.ref, row.name]),
    );
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
