import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { cancellable } from '../../src/gateway/cancellation.js';
import { formatError } from '../../src/graphql/errors.js';
import type { BuiltSubgraph } from '../../src/graphql/subgraph.js';

/**
 * The aid subgraph served alone, as a subgraph is served by itself: an Apollo Server over the
 * same schema (resolvers made cancellable) with the hub's error formatting, production mode. The
 * bench calls its `executeOperation` in-process, so no HTTP is timed on either side.
 */
export function standaloneSubgraph(built: BuiltSubgraph): ApolloServer<object> {
  return new ApolloServer<object>({
    schema: cancellable(built.schema),
    formatError: (formatted, error) => formatError(formatted, error, false),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
}
