import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { buildSchema, GraphQLString, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeHub, type ComposedHub } from '../../src/gateway/compose.js';
import { soleSubgraphRouter, type SoleSubgraphRouter } from '../../src/gateway/sole-subgraph.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';

describe('which subgraph alone answers an operation (read from the supergraph)', () => {
  let composed: ComposedHub;
  let schemas: Map<string, GraphQLSchema>;
  let router: SoleSubgraphRouter;
  const route = (query: string, operationName?: string) => router.route(parse(query), operationName);

  beforeAll(async () => {
    composed = await composeHub(subgraphs);
    schemas = new Map([...composed.subgraphs].map(([name, built]) => [name, built.schema]));
    router = soleSubgraphRouter(composed.supergraphSdl, buildSchema(composed.publicSdl), schemas);
  });

  it('names the one subgraph of a query that stays inside it, fragments and entity keys included', () => {
    expect(
      route('{ activities(first: 5) { nodes { iatiIdentifier sectors { code { code } percentage } transactions { date value } } } }'),
    ).toBe('aid');
    expect(route('query Q { activity(iatiIdentifier: "x") { ...A } } fragment A on Activity { iatiIdentifier budgets { value } }')).toBe(
      'aid',
    );
    // ImportRun is sync's entity; its key is known to aid, so asking only for the key stays in aid.
    expect(route('{ activities(first: 1) { nodes { reports { importRun { id } } } } }')).toBe('aid');
    expect(route('{ programmes { code name } }')).toBe('registry');
    expect(route('{ importRuns(first: 2) { nodes { id status } } }')).toBe('sync');
  });

  it('leaves to the gateway planner a query that needs a second subgraph, however it is written', () => {
    // An entity field of another subgraph, reached directly, through a fragment and through an inline fragment.
    expect(route('{ activities(first: 1) { nodes { reports { importRun { id status } } } } }')).toBeUndefined();
    expect(
      route('{ activities(first: 1) { nodes { ...R } } } fragment R on Activity { reports { importRun { status } } }'),
    ).toBeUndefined();
    expect(route('{ activities(first: 1) { nodes { ... on Activity { reports { importRun { status } } } } } }')).toBeUndefined();
    // A field another subgraph computes from aid's fields (@requires).
    expect(route('{ activities(first: 1) { nodes { transactions { amount(currency: "USD") { amount } } } } }')).toBeUndefined();
    // Two root fields of two subgraphs.
    expect(route('{ programmes { code } activities(first: 1) { totalCount } }')).toBeUndefined();
  });

  it('never shortcuts introspection, subscriptions or a bare __typename', () => {
    expect(route('{ __schema { queryType { name } } }')).toBeUndefined();
    expect(route('{ __type(name: "Activity") { name } activities(first: 1) { totalCount } }')).toBeUndefined();
    expect(route('{ __typename }')).toBeUndefined();
    expect(route('subscription S { activities(first: 1) { totalCount } }')).toBeUndefined();
  });

  it('decides for the operation that runs, not for the other operations of the document', () => {
    const document = `query Local { activities(first: 1) { totalCount } }
      query Spanning { activities(first: 1) { nodes { reports { importRun { status } } } } }`;
    expect(route(document, 'Local')).toBe('aid');
    expect(route(document, 'Spanning')).toBeUndefined();
    expect(route(document)).toBeUndefined();
  });

  it('refuses a field the subgraph types differently from the supergraph', () => {
    const aid = schemas.get('aid');
    if (!aid) throw new Error('no aid subgraph');
    const loosened = mapSchema(aid, {
      [MapperKind.OBJECT_FIELD]: (field, name, type) =>
        type === 'Activity' && name === 'iatiIdentifier' ? { ...field, type: GraphQLString } : field,
    });
    const other = soleSubgraphRouter(composed.supergraphSdl, buildSchema(composed.publicSdl), new Map([...schemas, ['aid', loosened]]));
    expect(other.route(parse('{ activities(first: 1) { nodes { iatiIdentifier } } }'), undefined)).toBeUndefined();
    expect(other.route(parse('{ activities(first: 1) { totalCount } }'), undefined)).toBe('aid');
  });

  it('remembers the decision per parsed document and operation', () => {
    const document = parse('query A { activities(first: 1) { totalCount } } query B { programmes { code } }');
    expect(router.route(document, 'A')).toBe('aid');
    expect(router.route(document, 'B')).toBe('registry');
    expect(router.route(document, 'A')).toBe('aid');
  });
});
