import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { activityFieldColumns } from '../activity-columns.js';
import type { AidContext } from '../context.js';
import { organisation } from './organisation.resolver.js';
import { OrgReference, ParticipatingOrg, RelatedActivity, Sector } from '../types/activity.type.js';
import { Activity } from '../types/activity.type.js';
import { ReportingOrg } from '../types/report.type.js';
import { Organisation } from '../types/organisation.type.js';
import { Code, codeOf } from '../types/code.type.js';
import type { ActivityRow } from '../report-row.js';

/** Links from a record to the directory entries and activities it names. */
async function organisationOf(key: string | null, ctx: AidContext) {
  const row = key ? await ctx.loaders.organisationByKey.load(key) : null;
  return row ? organisation(row) : null;
}

@Resolver(() => OrgReference)
export class OrgReferenceResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The entry in the organisation directory.' })
  async organisation(@Root() org: OrgReference, @Ctx() ctx: AidContext) {
    return organisationOf(org.key, ctx);
  }
}

@Resolver(() => ParticipatingOrg)
export class ParticipatingOrgResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The entry in the organisation directory.' })
  async organisation(@Root() org: ParticipatingOrg, @Ctx() ctx: AidContext) {
    return organisationOf(org.key, ctx);
  }
}

@Resolver(() => ReportingOrg)
export class ReportingOrgResolver {
  @FieldResolver(() => Code, { nullable: true, description: 'Organisation type (OrganisationType codelist).' })
  type(@Root() org: ReportingOrg): Code | null {
    return codeOf('OrganisationType', org.typeCode);
  }

  @FieldResolver(() => Organisation, { nullable: true })
  async organisation(@Root() org: ReportingOrg, @Ctx() ctx: AidContext) {
    return organisationOf(org.key, ctx);
  }
}

@Resolver(() => Sector)
export class SectorResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The codelist name, else the name the publisher wrote.' })
  async name(@Root() sector: Sector, @Ctx() ctx: AidContext): Promise<string | null> {
    const entry = await ctx.loaders.codeName.load(`${sector.code.codelist}|${sector.code.code}`);
    return entry?.name ?? sector.narrative;
  }
}

@Resolver(() => RelatedActivity)
export class RelatedActivityResolver {
  @FieldResolver(() => Activity, { nullable: true, description: 'The related activity, when the hub holds it.' })
  async activity(@Root() related: RelatedActivity, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo): Promise<ActivityRow | null> {
    return ctx.loaders.activityByIdentifier.load(related.ref, activityFieldColumns(info));
  }
}
