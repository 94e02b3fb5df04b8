import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { generateRegistry } from '../../../src/cli/demo/registry/generate.js';
import type { RegistryBatch } from '../../../connectors/registry/types.js';
import { OpenImisRecords, type Node } from './records.js';

/**
 * A recorded openIMIS server for tests: `/api/graphql` over node:http on a random port, executing
 * openIMIS's schema shape (schema.graphql) with graphql-js over a generated registry. Like
 * openIMIS it issues a JWT from `tokenAuth`, refuses data without `Authorization: Bearer <token>`
 * ("Unauthorized", HTTP 200, the field null), caps `first` at 100, pages with graphene's opaque
 * cursors (`arrayconnection:<n>` in base64) and filters on `dateUpdated_Gte` and `isDeleted`.
 */
export interface RecordedRequest {
  /** The first root field of the operation (`individual`, `tokenAuth` …). */
  readonly field: string | null;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly authorization: string | null;
}

export interface OpenImisDouble {
  /** The GraphQL endpoint. */
  readonly url: string;
  readonly records: OpenImisRecords;
  readonly requests: RecordedRequest[];
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

export interface DoubleOptions {
  readonly households?: number;
  readonly batch?: RegistryBatch;
  readonly username?: string;
  readonly password?: string;
}

const schema = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
const MAX_LIMIT = 100;

interface Context {
  readonly user: string | null;
  readonly tokenError: string | null;
}

type Args = Record<string, unknown>;

function cursorOf(index: number): string {
  return Buffer.from(`arrayconnection:${index}`).toString('base64');
}

function offsetAfter(cursor: unknown): number {
  if (typeof cursor !== 'string') return 0;
  const match = /^arrayconnection:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) + 1 : 0;
}

const time = (value: unknown): number => Date.parse(String(value));

/** graphene's connection over a filtered list. */
function connection(field: string, items: readonly Node[], args: Args, context: Context, keep: (node: Node) => boolean) {
  if (context.tokenError) throw new Error(context.tokenError);
  if (!context.user) throw new Error('Unauthorized');
  const first = typeof args.first === 'number' ? args.first : MAX_LIMIT;
  if (first > MAX_LIMIT)
    throw new Error(`Requesting ${first} records on the \`${field}\` connection exceeds the \`first\` limit of ${MAX_LIMIT} records.`);
  const filtered = items.filter((node) => {
    if (typeof args.isDeleted === 'boolean' && node.isDeleted !== args.isDeleted) return false;
    if (args.dateUpdated_Gte != null && !(time(node.dateUpdated) >= time(args.dateUpdated_Gte))) return false;
    return keep(node);
  });
  const start = offsetAfter(args.after);
  const page = filtered.slice(start, start + first);
  return {
    totalCount: filtered.length,
    edgeCount: page.length,
    pageInfo: {
      hasNextPage: start + first < filtered.length,
      hasPreviousPage: start > 0,
      startCursor: page.length > 0 ? cursorOf(start) : null,
      endCursor: page.length > 0 ? cursorOf(start + page.length - 1) : null,
    },
    edges: page.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
  };
}

function rootValue(records: OpenImisRecords, credentials: { username: string; password: string }, tokens: Map<string, string>) {
  const all = () => true;
  const benefit = (node: Node) => node.benefit as Node;
  return {
    tokenAuth: ({ username, password }: Args) => {
      if (username !== credentials.username || password !== credentials.password) throw new Error('Please enter valid credentials');
      const iat = Math.floor(Date.now() / 1000);
      const payload = { username, exp: iat + 300, origIat: iat };
      const token = [{ typ: 'JWT', alg: 'HS256' }, payload]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      const signed = `${token}.${randomBytes(32).toString('base64url')}`;
      tokens.set(signed, String(username));
      return { token: signed, payload, refreshExpiresIn: iat + 7 * 86_400 };
    },
    locations: (args: Args, context: Context) => connection('locations', records.locations, args, context, all),
    benefitPlan: (args: Args, context: Context) => connection('benefitPlan', records.benefitPlans, args, context, all),
    individual: (args: Args, context: Context) => connection('individual', records.individuals, args, context, all),
    group: (args: Args, context: Context) => connection('group', records.groups, args, context, all),
    groupIndividual: (args: Args, context: Context) =>
      connection(
        'groupIndividual',
        records.groupIndividuals,
        args,
        context,
        (node) => args.group_Id == null || (node.group as Node).uuid === args.group_Id,
      ),
    beneficiary: (args: Args, context: Context) => connection('beneficiary', records.beneficiaries, args, context, all),
    groupBeneficiary: (args: Args, context: Context) => connection('groupBeneficiary', records.groupBeneficiaries, args, context, all),
    payrollBenefitConsumption: (args: Args, context: Context) =>
      connection('payrollBenefitConsumption', records.payrollBenefits, args, context, (node) => {
        if (typeof args.benefit_IsDeleted === 'boolean' && benefit(node).isDeleted !== args.benefit_IsDeleted) return false;
        return args.benefit_DateUpdated_Gte == null || time(benefit(node).dateUpdated) >= time(args.benefit_DateUpdated_Gte);
      }),
    tickets: (args: Args, context: Context) => connection('tickets', records.tickets, args, context, all),
  };
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(payload));
}

function firstField(query: string): string | null {
  try {
    const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const selection = operation?.selectionSet.selections[0];
    return selection?.kind === Kind.FIELD ? selection.name.value : null;
  } catch {
    return null;
  }
}

export async function start(options: DoubleOptions = {}): Promise<OpenImisDouble> {
  const records = new OpenImisRecords(options.batch ?? generateRegistry({ households: options.households ?? 40 }));
  const credentials = { username: options.username ?? 'Admin', password: options.password ?? 'admin123' };
  const tokens = new Map<string, string>();
  const root = rootValue(records, credentials, tokens);
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      if (request.url !== '/api/graphql') return send(response, 404, { detail: 'Not found.' });
      if (request.method !== 'POST') return send(response, 405, { errors: [{ message: 'GraphQL only supports GET and POST requests.' }] });
      let parsed: { query?: string; variables?: Record<string, unknown> | null };
      try {
        parsed = JSON.parse(await body(request)) as typeof parsed;
      } catch {
        return send(response, 400, { errors: [{ message: 'POST body sent invalid JSON.' }] });
      }
      const query = parsed.query ?? '';
      const variables = parsed.variables ?? {};
      const authorization = request.headers.authorization ?? null;
      requests.push({ field: firstField(query), query, variables, authorization });
      const [prefix, token] = (authorization ?? '').split(/\s+/);
      const bearer = prefix?.toLowerCase() === 'bearer' && token ? token : null;
      const user = bearer ? (tokens.get(bearer) ?? null) : null;
      const context: Context = { user, tokenError: bearer && !user ? 'Error decoding signature' : null };
      const result = await graphql({ schema, source: query, rootValue: root, contextValue: context, variableValues: variables });
      send(response, 200, result);
    })().catch((error: unknown) => send(response, 500, { errors: [{ message: String(error) }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/graphql`,
    records,
    requests,
    ...credentials,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
