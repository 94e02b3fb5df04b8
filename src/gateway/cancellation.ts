import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLError, type GraphQLSchema } from 'graphql';
import { inputErrorOf } from '../graphql/input-errors.js';

/**
 * A subgraph operation runs inside the gateway's process, so nothing stops it when the client
 * goes away or the request deadline passes — unless each resolver looks first. The transport
 * ties the HTTP request's signal to the subgraph context it makes; every resolver of a subgraph
 * schema checks that signal before it runs, so a cancelled request starts no further resolver
 * (and no further SQL). A statement already running on PostgreSQL ends at the statement timeout.
 */
const SIGNAL = Symbol('request signal');

/** A property, not a WeakMap entry: Apollo Server hands resolvers a shallow copy of the context. */
export function bindSignal(context: object, signal: AbortSignal | undefined): void {
  if (signal) Object.assign(context, { [SIGNAL]: signal });
}

export class CancelledError extends GraphQLError {
  constructor(reason: unknown) {
    const why = reason instanceof Error && reason.name === 'TimeoutError' ? 'the request deadline passed' : 'the request was cancelled';
    super(`${why}; nothing more was run for it`, { extensions: { code: 'REQUEST_CANCELLED' } });
  }
}

export function throwIfCancelled(context: unknown): void {
  const signal = context && typeof context === 'object' ? (context as { [SIGNAL]?: AbortSignal })[SIGNAL] : undefined;
  if (signal?.aborted) throw new CancelledError(signal.reason);
}

async function settled(value: unknown, field: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    return await value;
  } catch (error) {
    throw inputErrorOf(error, field, args) ?? error;
  }
}

/**
 * The schema with every field resolver made to stop once its request is cancelled, and to report
 * a value the database could not take as the client's error (see graphql/input-errors.ts).
 */
export function cancellable(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const resolve = field.resolve ?? defaultFieldResolver;
      // A plain property read costs nothing and starts nothing: only real resolvers check.
      if (!field.resolve) return field;
      return {
        ...field,
        resolve(source, args, context, info) {
          throwIfCancelled(context);
          const field = `${info.parentType.name}.${info.fieldName}`;
          let value: unknown;
          try {
            value = resolve(source, args, context, info);
          } catch (error) {
            throw inputErrorOf(error, field, args) ?? error;
          }
          return value instanceof Promise ? settled(value, field, args) : value;
        },
      };
    },
  });
}
