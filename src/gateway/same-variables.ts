import type { DocumentNode } from 'graphql';
import { PerOperation } from './per-operation.js';

/**
 * The same object for the same variable values of the same operation. The gateway's demand
 * control memoises its cost estimate by (subgraph schema, document, variables object): the parser
 * cache hands the same document for the same query text, but each request brings its variables
 * as a new object, so every request walked the whole operation again to price it. Handed one
 * object per operation and values, the estimate is worked out once and then looked up.
 *
 * The object handed out is a frozen copy made here, never a caller's own, so no request can
 * change what another is given. Bounded: at most VALUE_SETS per operation (the oldest forgotten
 * first), and values longer than MAX_JSON characters are passed through as they came (priced
 * every time, as before).
 */
const VALUE_SETS = 32;
const MAX_JSON = 2000;

type Variables = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export class SameVariables {
  private readonly known = new PerOperation<Map<string, Variables>>();

  of(document: DocumentNode, operationName: string | null | undefined, variables: Variables | null | undefined): Variables | undefined {
    if (!variables) return undefined;
    const json = JSON.stringify(variables);
    if (json.length > MAX_JSON) return variables;
    let sets = this.known.get(document, operationName);
    if (!sets) this.known.set(document, operationName, (sets = new Map()));
    let same = sets.get(json);
    if (!same) {
      if (sets.size >= VALUE_SETS) sets.delete(sets.keys().next().value ?? '');
      sets.set(json, (same = deepFreeze(JSON.parse(json) as Variables)));
    }
    return same;
  }
}
