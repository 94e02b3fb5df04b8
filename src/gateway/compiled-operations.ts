import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * Operations a subgraph runs again and again, compiled by graphql-jit into JavaScript that
 * resolves and completes the fields of that one selection directly, instead of graphql-js
 * walking the document and the schema for every field of every row. A document is compiled the
 * second time the same parsed document arrives (the gateway's parser cache hands the same object
 * for the same query text), so a one-off operation never pays for compilation; what graphql-jit
 * cannot compile runs on graphql-js as before.
 */
export interface CompiledOperations {
  get(document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined;
}

const NOT_COMPILABLE = Symbol('not compilable');

export function compiledOperations(schema: GraphQLSchema): CompiledOperations {
  const seen = new WeakMap<DocumentNode, Map<string, CompiledQuery | typeof NOT_COMPILABLE | 'seen once'>>();
  return {
    get(document, operationName) {
      let byName = seen.get(document);
      if (!byName) seen.set(document, (byName = new Map()));
      const key = operationName ?? '';
      const entry = byName.get(key);
      if (entry === undefined) {
        byName.set(key, 'seen once');
        return undefined;
      }
      if (entry === 'seen once') {
        const result = compileQuery(schema, document, operationName);
        const query = isCompiledQuery(result) ? result : NOT_COMPILABLE;
        byName.set(key, query);
        return query === NOT_COMPILABLE ? undefined : query;
      }
      return entry === NOT_COMPILABLE ? undefined : entry;
    },
  };
}
