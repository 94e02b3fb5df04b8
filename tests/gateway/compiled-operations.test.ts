import { GraphQLFloat, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiledOperations } from '../../src/gateway/compiled-operations.js';

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: { code: { type: new GraphQLNonNull(GraphQLString) }, share: { type: GraphQLFloat } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_source, { first }: { first: number }) => Array.from({ length: first }, (_, i) => ({ code: `c${i}`, share: i / 2 })),
      },
    },
  }),
});

describe('operations compiled on their second arrival', () => {
  it('runs a document on graphql-js the first time, compiled from the second on, with the same answer', async () => {
    const operations = compiledOperations(schema);
    const document = parse('query Items($n: Int!) { items(first: $n) { code share } }');
    expect(operations.get(document, 'Items')).toBeUndefined();
    const compiled = operations.get(document, 'Items');
    expect(compiled).toBeDefined();
    expect(operations.get(document, 'Items')).toBe(compiled);
    expect(await compiled?.query(undefined, {}, { n: 3 })).toEqual({
      data: {
        items: [
          { code: 'c0', share: 0 },
          { code: 'c1', share: 0.5 },
          { code: 'c2', share: 1 },
        ],
      },
    });
  });

  it('keeps one entry per operation of a document, and none for an equal but separately parsed document', () => {
    const operations = compiledOperations(schema);
    const text = 'query A { items(first: 1) { code } } query B { items(first: 2) { share } }';
    const document = parse(text);
    operations.get(document, 'A');
    expect(operations.get(document, 'A')).toBeDefined();
    expect(operations.get(document, 'B')).toBeUndefined();
    expect(operations.get(parse(text), 'A')).toBeUndefined();
  });

  it('leaves to graphql-js what cannot be compiled', () => {
    const operations = compiledOperations(schema);
    const unknownOperation = parse('query A { items(first: 1) { code } }');
    operations.get(unknownOperation, 'Missing');
    expect(operations.get(unknownOperation, 'Missing')).toBeUndefined();
    expect(operations.get(unknownOperation, 'Missing')).toBeUndefined();
  });
});
