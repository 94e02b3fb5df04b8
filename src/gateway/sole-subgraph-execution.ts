import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Executor } from '@graphql-tools/utils';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { ComposedHub } from './compose.js';
import { SameVariables } from './same-variables.js';
import { soleSubgraphRouter, type SoleSubgraphRouter } from './sole-subgraph.js';

interface StitchedSubschema {
  readonly name?: string;
  readonly executor?: Executor;
}

/** The gateway's own executor per subgraph: the one its plans call, with every subgraph hook. */
function subgraphExecutors(schema: GraphQLSchema): Map<string, Executor> {
  const stitching = schema.extensions['stitchingInfo'] as { subschemaMap?: Map<unknown, StitchedSubschema> } | undefined;
  const executors = new Map<string, Executor>();
  for (const subschema of stitching?.subschemaMap?.values() ?? []) {
    if (subschema.name && subschema.executor) executors.set(subschema.name, subschema.executor);
  }
  return executors;
}

/**
 * Sends an operation that one subgraph answers alone straight to that subgraph's executor, and
 * returns its answer as it is. The gateway would plan one fetch of the same selection and then
 * walk the whole answer again field by field to merge it, which costs more than the subgraph's
 * own execution for a page of results. The executor is the gateway's own, so everything hooked
 * on subgraph calls (cost limit, cancellation, deadline, credentials, response size) applies;
 * it is given the same variables object for the same values (same-variables.ts), so the cost
 * limit prices each operation once.
 */
export function useSoleSubgraphExecution(composed: ComposedHub, onSoleSubgraph?: (subgraph: string) => void): GatewayPlugin {
  const subgraphSchemas = new Map([...composed.subgraphs].map(([name, built]) => [name, built.schema]));
  let router: SoleSubgraphRouter | undefined;
  let executors = new Map<string, Executor>();
  const sameVariables = new SameVariables();
  return {
    onSchemaChange({ schema }) {
      executors = subgraphExecutors(schema);
      router = soleSubgraphRouter(composed.supergraphSdl, schema, subgraphSchemas);
    },
    onExecute({ args, setExecuteFn }) {
      const name = router?.route(args.document, args.operationName);
      const executor = name ? executors.get(name) : undefined;
      if (!name || !executor) return;
      onSoleSubgraph?.(name);
      setExecuteFn(
        (execution) =>
          executor({
            document: execution.document,
            variables: sameVariables.of(execution.document, execution.operationName, execution.variableValues),
            operationName: execution.operationName ?? undefined,
            context: execution.contextValue,
            signal: (execution as { signal?: AbortSignal }).signal,
          }) as Promise<ExecutionResult>,
      );
    },
  };
}
