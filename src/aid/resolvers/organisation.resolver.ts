import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination.js';
import type { AidContext } from '../context.js';
import { findOrganisations, OrganisationFilter } from '../organisation-query.js';
import type { OrganisationRow } from '../rows.js';
import { Code, codeOf } from '../types/code.type.js';
import { Organisation, OrganisationConnection } from '../types/organisation.type.js';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, { description: 'The organisation directory, by name.' })
  async organisations(
    @Ctx() ctx: AidContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OrganisationFilter, { nullable: true }) filter?: OrganisationFilter,
  ) {
    const connection = await findOrganisations(ctx.em, filter, page);
    return {
      ...connection,
      edges: connection.edges.map((e) => ({ cursor: e.cursor, node: organisation(e.node) })),
      nodes: connection.nodes.map(organisation),
    };
  }

  @Query(() => Organisation, { nullable: true })
  async organisation(@Ctx() ctx: AidContext, @Arg('id', () => ID) id: string) {
    const row = await ctx.loaders.organisationByKey.load(id);
    return row ? organisation(row) : null;
  }

  @FieldResolver(() => Code, { nullable: true, description: 'OrganisationType, as last published.' })
  type(@Root() org: Organisation & { typeCode: string | null }): Code | null {
    return codeOf('OrganisationType', org.typeCode);
  }
}

export function organisation(row: OrganisationRow) {
  return { id: row.key, ref: row.ref, name: row.name, typeCode: row.type };
}

export async function resolveOrganisationReference(reference: { id: string }, ctx: AidContext) {
  const row = await ctx.loaders.organisationByKey.load(reference.id);
  return row ? organisation(row) : null;
}
