import type DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../graphql/lookahead.js';

/**
 * A per-request loader whose rows carry only the columns a query asks for. The loads of one tick
 * share one statement reading the union of their columns; a later load asking for a column an
 * earlier one did not read reads its key again (with the union), so no row misses a column asked.
 */
export class ColumnLoader<K, V, C> {
  private readonly pending = new Set<C>();
  private readonly loaded = new Map<K, { readonly columns: ReadonlySet<C>; readonly value: Promise<V> }>();
  private readonly loader: DataLoader<K, V>;

  /** `make` builds the key loader from a fetch that is given the columns to read. */
  constructor(make: (columns: () => ReadonlySet<C>) => DataLoader<K, V>) {
    this.loader = make(() => {
      const columns = new Set(this.pending);
      this.pending.clear();
      return columns;
    });
  }

  load(key: K, columns: ReadonlySet<C>): Promise<V> {
    const previous = this.loaded.get(key);
    if (previous && [...columns].every((column) => previous.columns.has(column))) return previous.value;
    const wanted = new Set([...(previous?.columns ?? []), ...columns]);
    for (const column of wanted) this.pending.add(column);
    this.loader.clear(key);
    const value = this.loader.load(key);
    this.loaded.set(key, { columns: wanted, value });
    return value;
  }
}

/**
 * The columns a field's selection needs (below each of `paths`, e.g. a connection's `nodes`),
 * from each selected field's columns (`columnsOf`; `null` means every column, for a field not
 * known here). Computed once per field of the operation: a list's items share their `fieldNodes`.
 */
export function columnsAsked<C extends string>(
  columnsOf: (field: FieldNode) => readonly C[] | null,
  all: readonly C[],
  paths: readonly (readonly string[])[] = [[]],
): (info: GraphQLResolveInfo) => ReadonlySet<C> {
  const memo = new WeakMap<readonly FieldNode[], ReadonlySet<C>>();
  return (info) => {
    const hit = memo.get(info.fieldNodes);
    if (hit) return hit;
    const columns = new Set<C>();
    for (const field of paths.flatMap((path) => selectedFields(info, path))) {
      const needed = columnsOf(field);
      for (const column of needed ?? all) columns.add(column);
    }
    memo.set(info.fieldNodes, columns);
    return columns;
  };
}
