import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors.js';

/**
 * Relay-style cursor connections (as openIMIS serves them): `first`/`after` forwards,
 * `last`/`before` backwards, `totalCount` computed only when asked for. Cursors are opaque
 * keyset positions (sort value + id), so pages stay stable while data is appended.
 */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 50;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the start (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size from the end (at most ${MAX_PAGE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string | null;
}

/** Every subgraph's connections use it, so it is shareable across the supergraph. */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A position in a keyset order: the sort value and the row's unique key that breaks ties. */
export type Position = readonly [string | number | null, number | string];

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string, argument: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      ['string', 'number'].includes(typeof value[0]) &&
      ['string', 'number'].includes(typeof value[1])
    ) {
      return [value[0] as string | number, value[1] as string | number];
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(`${argument} is not a cursor this API gave out`, argument);
}

export interface Page {
  /** Rows to fetch: one more than the page, to know whether there is another. */
  readonly limit: number;
  readonly size: number;
  /** Walk the order backwards (for `last`/`before`), then reverse the rows. */
  readonly backwards: boolean;
  readonly after: Position | null;
  readonly before: Position | null;
}

export function pageOf(args: PageArgs): Page {
  if (args.first != null && args.last != null) throw badInput('give either first or last, not both', 'first');
  const requested = args.first ?? args.last ?? DEFAULT_PAGE;
  if (requested < 0 || requested > MAX_PAGE)
    throw badInput(`page size must be between 0 and ${MAX_PAGE}`, args.first != null ? 'first' : 'last');
  return {
    limit: requested + 1,
    size: requested,
    backwards: args.last != null,
    after: args.after ? decodeCursor(args.after, 'after') : null,
    before: args.before ? decodeCursor(args.before, 'before') : null,
  };
}

export interface Connection<T> {
  readonly edges: { cursor: string; node: T }[];
  readonly nodes: T[];
  readonly pageInfo: PageInfo;
  /** Lazy: the count query starts only when GraphQL awaits it, i.e. when the client asked for it. */
  readonly totalCount: PromiseLike<number>;
}

/** Builds the connection from the fetched rows (at most `page.limit`, in walk order). */
export function connectionOf<T>(
  rows: readonly T[],
  page: Page,
  position: (row: T) => Position,
  count: () => Promise<number>,
): Connection<T> {
  const more = rows.length > page.size;
  const kept = rows.slice(0, page.size);
  const ordered = page.backwards ? kept.reverse() : kept;
  const edges = ordered.map((node) => ({ cursor: encodeCursor(position(node)), node }));
  return {
    edges,
    nodes: ordered,
    pageInfo: {
      hasNextPage: page.backwards ? page.before !== null : more,
      hasPreviousPage: page.backwards ? more : page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: lazy(count),
  };
}

/** A thenable that runs `start` the first time someone awaits it. */
function lazy<T>(start: () => Promise<T>): PromiseLike<T> {
  let promise: Promise<T> | undefined;
  return {
    then(onFulfilled, onRejected) {
      promise ??= start();
      return promise.then(onFulfilled, onRejected);
    },
  };
}

/** A `<Name>Connection` GraphQL type with edges, nodes, pageInfo and totalCount. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => Int, { description: 'How many items match, whatever the page.' })
    totalCount!: number;

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node], { description: 'The items of this page (the same as edges.node).' })
    nodes!: T[];
  }
  return ConnectionClass;
}
