import 'reflect-metadata';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { authChecker } from '../auth/checker.js';
import type { AuthContext, Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import { withListSizes } from './list-size.js';

/**
 * Turns a domain's type-graphql resolvers into a Federation 2 subgraph: the type-graphql schema
 * is printed with its directives, prefixed with the federation `@link`, and rebuilt by
 * @apollo/subgraph with the entity reference resolvers.
 */
export interface BuiltSubgraph {
  readonly schema: GraphQLSchema;
  /** The SDL the subgraph publishes (what the gateway composes). */
  readonly typeDefs: DocumentNode;
  readonly sdl: string;
}

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@listSize"])`;

export async function buildSubgraph(options: {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  readonly referenceResolvers?: Record<string, { __resolveReference: (reference: never, context: never) => unknown }>;
}): Promise<BuiltSubgraph> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    validate: false,
    skipCheck: true,
    // `@Authorized<Role>(…)` on a resolver or field: see src/auth/checker.ts.
    authChecker,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
  // Paged fields carry @listSize for the gateway's cost limit (see list-size.ts).
  const typeDefs = withListSizes(parse(sdl));
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: reference.__resolveReference } as never;
  }
  return { schema: buildSubgraphSchema([{ typeDefs, resolvers }]), typeDefs, sdl: print(typeDefs) };
}

/**
 * A domain as the gateway sees it: a name, how to build its schema, and how to make the context
 * of one request. Adding a domain to the hub is adding its module to `src/gateway/subgraphs.ts`.
 * The context carries the request's `viewer` (the auth checker reads it; resolvers may too).
 */
export interface SubgraphModule {
  readonly name: string;
  build(): Promise<BuiltSubgraph>;
  createContext(orm: Orm, viewer: Viewer): AuthContext;
}
