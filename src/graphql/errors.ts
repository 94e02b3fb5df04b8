import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { TributaryError, describeWhere } from '../errors.js';

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/**
 * Errors as clients see them: typed errors keep their code and message; anything unexpected
 * becomes INTERNAL_SERVER_ERROR without its SQL or stack, except in development.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, development: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof TributaryError) {
    const where = describeWhere(original.where);
    return { ...formatted, message: original.message, extensions: { code: original.code, ...(where ? { where } : {}) } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (development) return formatted;
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
