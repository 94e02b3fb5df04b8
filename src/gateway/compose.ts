import { composeServices } from '@theguild/federation-composition';
import type { BuiltSubgraph, SubgraphModule } from '../graphql/subgraph.js';

/**
 * Composes the subgraphs' Federation 2 SDL into a supergraph (MIT composition from The Guild).
 * Each subgraph gets a URL under `inprocess.local`; the in-process transport serves those names
 * without any HTTP hop.
 */
export interface ComposedHub {
  readonly supergraphSdl: string;
  readonly publicSdl: string;
  readonly subgraphs: ReadonlyMap<string, BuiltSubgraph>;
}

export class CompositionError extends Error {
  readonly code = 'COMPOSITION_FAILED';
}

export function inProcessUrl(name: string): string {
  return `http://${name}.inprocess.local/graphql`;
}

export async function composeHub(modules: readonly SubgraphModule[]): Promise<ComposedHub> {
  const built = new Map<string, BuiltSubgraph>();
  for (const module of modules) built.set(module.name, await module.build());
  return composeSubgraphs(built, inProcessUrl);
}

/** Composes built subgraphs, each reached at `urlOf(name)` (a service's URL in split mode). */
export function composeSubgraphs(built: ReadonlyMap<string, BuiltSubgraph>, urlOf: (name: string) => string): ComposedHub {
  const result = composeServices([...built].map(([name, subgraph]) => ({ name, typeDefs: subgraph.typeDefs, url: urlOf(name) })));
  if (result.errors) {
    throw new CompositionError(`the subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return { supergraphSdl: result.supergraphSdl, publicSdl: result.publicSdl, subgraphs: built };
}
