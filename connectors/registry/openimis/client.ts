import { TributaryError } from '../../../src/errors.js';
import { TOKEN_AUTH, type EntityQuery } from './queries.js';

/**
 * A minimal openIMIS GraphQL client: logs in with graphql_jwt's `tokenAuth` (or takes a token),
 * sends it as `Authorization: Bearer …`, and reads a relay connection page by page until
 * `hasNextPage` is false. Every failure is a TributaryError naming the URL and the entity.
 */
export type OpenImisAuth = { readonly username: string; readonly password: string } | { readonly token: string };

export interface OpenImisClientOptions {
  /** The GraphQL endpoint, e.g. `https://imis.example.org/api/graphql`. */
  readonly url: string;
  readonly auth: OpenImisAuth;
  /** Records per page (default 100, graphene-django's usual RELAY_CONNECTION_MAX_LIMIT). */
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

interface Connection<N> {
  readonly totalCount?: number | null;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: readonly ({ readonly node: N | null } | null)[];
}

interface GraphQLResponse {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message?: string; readonly path?: readonly unknown[] }[];
}

export const DEFAULT_PAGE_SIZE = 100;

export class OpenImisClient {
  private token: string | null;
  private readonly fetch: typeof fetch;
  readonly pageSize: number;

  constructor(private readonly options: OpenImisClientOptions) {
    this.token = 'token' in options.auth ? options.auth.token : null;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1)
      throw new Error(`pageSize must be a whole number from 1, not ${this.pageSize}`);
  }

  /** Logs in with the username and password (nothing to do with a given token). */
  async login(): Promise<void> {
    const { auth, url } = this.options;
    if ('token' in auth) return;
    const data = await this.post(TOKEN_AUTH, { username: auth.username, password: auth.password }, 'tokenAuth', false);
    const token = (data.tokenAuth as { token?: unknown } | null | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new TributaryError('SOURCE_REFUSED', `openIMIS at ${url} gave no token for user ${auth.username}`, { file: url });
    }
    this.token = token;
  }

  /** Every node of a connection, page after page; `variables` besides `first` and `after`. */
  async *pages<N>(query: EntityQuery, variables: Record<string, unknown> = {}): AsyncGenerator<{ nodes: N[]; totalCount: number | null }> {
    let after: string | null = null;
    for (;;) {
      this.options.signal?.throwIfAborted();
      const data = await this.post(query.document, { ...variables, first: this.pageSize, after }, query.entity, true);
      const page = data[query.field] as Connection<N> | null | undefined;
      if (!page || !Array.isArray(page.edges) || !page.pageInfo) {
        throw new TributaryError(
          'INVALID_MESSAGE',
          `openIMIS at ${this.options.url} returned no ${query.field} connection for ${query.entity}`,
          {
            file: this.options.url,
          },
        );
      }
      const nodes = page.edges.flatMap((edge) => (edge?.node ? [edge.node] : []));
      yield { nodes, totalCount: page.totalCount ?? null };
      if (!page.pageInfo.hasNextPage) return;
      if (!page.pageInfo.endCursor || page.pageInfo.endCursor === after) {
        throw new TributaryError(
          'INVALID_MESSAGE',
          `openIMIS at ${this.options.url} said ${query.entity} has a next page but gave no new cursor`,
          {
            file: this.options.url,
          },
        );
      }
      after = page.pageInfo.endCursor;
    }
  }

  async all<N>(query: EntityQuery, variables: Record<string, unknown> = {}): Promise<N[]> {
    const nodes: N[] = [];
    for await (const page of this.pages<N>(query, variables)) nodes.push(...page.nodes);
    return nodes;
  }

  private async post(
    document: string,
    variables: Record<string, unknown>,
    entity: string,
    authorised: boolean,
    retried = false,
  ): Promise<Record<string, unknown>> {
    const { url, signal } = this.options;
    if (authorised && this.token === null) await this.login();
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authorised && this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: document, variables }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new TributaryError('SOURCE_UNAVAILABLE', `cannot reach openIMIS at ${url} (reading ${entity}): ${(error as Error).message}`, {
        file: url,
      });
    }
    const text = await response.text();
    let body: GraphQLResponse | null = null;
    try {
      body = JSON.parse(text) as GraphQLResponse;
    } catch {
      body = null;
    }
    if (!response.ok && !body?.errors) {
      const kind = response.status >= 500 ? 'SOURCE_UNAVAILABLE' : 'SOURCE_REFUSED';
      throw new TributaryError(kind, `openIMIS at ${url} answered HTTP ${response.status} ${response.statusText} (reading ${entity})`, {
        file: url,
      });
    }
    if (!body || typeof body !== 'object') {
      throw new TributaryError(
        'INVALID_MESSAGE',
        `openIMIS at ${url} did not answer with JSON (reading ${entity}): ${text.slice(0, 120)}`,
        {
          file: url,
        },
      );
    }
    const errors = body.errors ?? [];
    if (errors.length > 0) {
      const messages = errors.map((e) => e.message ?? 'unknown error');
      // A token can expire during a long pull: log in again once, when we hold the password.
      if (authorised && !retried && 'username' in this.options.auth && messages.some((m) => /expired/i.test(m))) {
        this.token = null;
        return this.post(document, variables, entity, authorised, true);
      }
      const credentials =
        entity === 'tokenAuth'
          ? ` (check the username and password of ${'username' in this.options.auth ? this.options.auth.username : 'the token'})`
          : '';
      throw new TributaryError('SOURCE_REFUSED', `openIMIS at ${url} refused ${entity}: ${messages.join('; ')}${credentials}`, {
        file: url,
      });
    }
    if (!body.data) throw new TributaryError('INVALID_MESSAGE', `openIMIS at ${url} returned no data for ${entity}`, { file: url });
    return body.data;
  }
}
