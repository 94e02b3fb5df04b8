import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import type { QueryLimits } from '../config.js';
import { checkVariables, textArgumentsRule, type TextLimits } from '../graphql/argument-guard.js';

/**
 * The shape limits, checked while the document is parsed and validated, so an abusive query is
 * refused before any subgraph (or SQL) runs: GraphQL Armor's depth, alias, token and directive
 * plugins, each refusal given a stable code and the variable that raises the limit.
 */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  tokens: 'QUERY_TOO_LONG',
  directives: 'TOO_MANY_DIRECTIVES',
  cost: 'COST_ESTIMATED_TOO_EXPENSIVE',
  response: 'RESPONSE_TOO_LARGE',
} as const;

/** Armor's "Syntax Error: Query depth limit of 12 exceeded, found 34." → a coded error naming the variable. */
function refusal(code: string, variable: string) {
  return [
    (_context: unknown, error: GraphQLError): never => {
      const detail = error.message.replace(/^Syntax Error: /, '');
      throw new GraphQLError(`${detail} (${variable})`, { extensions: { code, http: { status: 400 } } });
    },
  ];
}

export function shapeLimitPlugins(limits: QueryLimits): GatewayPlugin[] {
  const common = { exposeLimits: true, propagateOnRejection: true };
  return [
    maxTokensPlugin({ ...common, n: limits.maxTokens, onReject: refusal(LIMIT_CODES.tokens, 'TRIBUTARY_MAX_TOKENS') }),
    maxDepthPlugin({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: refusal(LIMIT_CODES.depth, 'TRIBUTARY_MAX_DEPTH'),
    }),
    maxAliasesPlugin({ ...common, n: limits.maxAliases, onReject: refusal(LIMIT_CODES.aliases, 'TRIBUTARY_MAX_ALIASES') }),
    maxDirectivesPlugin({ ...common, n: limits.maxDirectives, onReject: refusal(LIMIT_CODES.directives, 'TRIBUTARY_MAX_DIRECTIVES') }),
  ] as GatewayPlugin[];
}

/** Text arguments (literals and variables): no NUL, not too long, dates that exist. See graphql/argument-guard.ts. */
export function useTextArguments(limits: QueryLimits): GatewayPlugin {
  const text: TextLimits = { queryChars: limits.maxQueryTextChars, mutationChars: limits.maxMutationTextChars };
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(textArgumentsRule(text));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = checkVariables(args.schema, args.document, args.operationName, args.variableValues, text);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
