import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { PerOperation } from './per-operation.js';

/**
 * Which subgraph alone can answer an operation, read from the supergraph's join directives.
 *
 * An operation whose every field is resolved by one subgraph — no entity jump, no field another
 * subgraph provides, `@requires`, `@external` or progressive `@override` — gets exactly the same
 * answer from that subgraph as from the gateway's plan: the plan would be one fetch of the same
 * selection. `route` names that subgraph, or undefined when the gateway must plan (several
 * subgraphs, introspection, subscriptions, abstract types, a field typed differently in the
 * subgraph than in the supergraph).
 */
export interface SoleSubgraphRouter {
  route(document: DocumentNode, operationName: string | null | undefined): string | undefined;
}

type Resolvers = ReadonlySet<string>;

function argument(directive: ConstDirectiveNode, name: string): string | boolean | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.BOOLEAN) return value.value;
  if (value.kind === Kind.ENUM || value.kind === Kind.STRING) return value.value;
  return undefined;
}

/** `Type.field` → the subgraphs that resolve it on their own. */
function resolversOf(supergraphSdl: string): Map<string, Resolvers> {
  const document = parse(supergraphSdl, { noLocation: true });
  const graphNames = new Map<string, string>();
  const resolvers = new Map<string, Resolvers>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = graph && argument(graph, 'name');
      if (typeof name === 'string') graphNames.set(value.name.value, name);
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map((d) => graphNames.get(String(argument(d, 'graph'))))
      .filter((name): name is string => name !== undefined);
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = new Set<string>();
      if (joins.length === 0) for (const graph of typeGraphs) graphs.add(graph);
      for (const join of joins) {
        const graph = graphNames.get(String(argument(join, 'graph')));
        const unusable =
          argument(join, 'external') === true ||
          argument(join, 'usedOverridden') === true ||
          argument(join, 'requires') !== undefined ||
          argument(join, 'overrideLabel') !== undefined;
        if (graph && !unusable) graphs.add(graph);
      }
      resolvers.set(`${definition.name.value}.${field.name.value}`, graphs);
    }
  }
  return resolvers;
}

export function soleSubgraphRouter(
  supergraphSdl: string,
  supergraph: GraphQLSchema,
  subgraphSchemas: ReadonlyMap<string, GraphQLSchema>,
): SoleSubgraphRouter {
  const resolvers = resolversOf(supergraphSdl);
  const routes = new PerOperation<{ readonly subgraph: string | undefined }>();

  /** The field in the subgraph has the supergraph's type and arguments, so the answers match. */
  function sameInSubgraph(subgraph: string, parent: string, field: string): boolean {
    const theirs = subgraphSchemas.get(subgraph)?.getType(parent);
    const ours = supergraph.getType(parent);
    if (!isObjectType(theirs) || !isObjectType(ours)) return false;
    const a = ours.getFields()[field];
    const b = theirs.getFields()[field];
    if (!a || !b || String(a.type) !== String(b.type)) return false;
    return a.args.every((arg) => String(b.args.find((other) => other.name === arg.name)?.type) === String(arg.type));
  }

  function compute(document: DocumentNode, operationName: string | null | undefined): string | undefined {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return undefined;
    let candidates: Set<string> | undefined;
    let refused = false;
    const typeInfo = new TypeInfo(supergraph);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        OperationDefinition(node) {
          // Other operations of the document are not run: do not let them decide.
          return node === operation ? undefined : false;
        },
        Field(node) {
          if (refused) return false;
          const parent = typeInfo.getParentType();
          const name = node.name.value;
          if (name === '__typename') return undefined;
          const type = typeInfo.getType();
          if (!parent || !type || name.startsWith('__') || isAbstractType(parent) || isAbstractType(getNamedType(type))) {
            refused = true;
            return false;
          }
          const graphs = resolvers.get(`${parent.name}.${name}`);
          const next = new Set(
            [...(candidates ?? graphs ?? [])].filter((graph) => graphs?.has(graph) && sameInSubgraph(graph, parent.name, name)),
          );
          if (next.size === 0) {
            refused = true;
            return false;
          }
          candidates = next;
          return undefined;
        },
      }),
    );
    if (refused || !candidates) return undefined;
    return [...candidates].sort()[0];
  }

  return {
    route(document, operationName) {
      let known = routes.get(document, operationName);
      if (!known) routes.set(document, operationName, (known = { subgraph: compute(document, operationName) }));
      return known.subgraph;
    },
  };
}
