import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { PerOperation } from './per-operation.js';

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
  const seen = new PerOperation<CompiledQuery | typeof NOT_COMPILABLE | 'seen once'>();
  return {
    get(document, operationName) {
      const entry = seen.get(document, operationName);
      if (entry === undefined) {
        seen.set(document, operationName, 'seen once');
        return undefined;
      }
      if (entry === 'seen once') {
        const result = compileQuery(schema, document, operationName);
        const query = isCompiledQuery(result) ? result : NOT_COMPILABLE;
        seen.set(document, operationName, query);
        return query === NOT_COMPILABLE ? undefined : query;
      }
      return entry === NOT_COMPILABLE ? undefined : entry;
    },
  };
}
