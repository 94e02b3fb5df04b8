import { GraphQLError } from 'graphql';
import { MappingRejected } from '../rules/rejected.js';

/** A refused change as GraphQL reports it: every problem, with row and field, in `extensions.problems`. */
export async function refusedAsGraphql<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MappingRejected) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, problems: error.problems } });
    }
    throw error;
  }
}
