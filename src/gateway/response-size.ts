import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { LIMIT_CODES } from './limits.js';

/**
 * The cap on an answer's size. Every subgraph result is counted (bytes of its JSON) against its
 * HTTP request as it arrives; once the request's total passes the cap, later subgraph calls are
 * not made and the whole answer is replaced by one RESPONSE_TOO_LARGE error — a client gets all
 * of its data or none, never a silently cut table.
 */
export class ResponseBudget {
  private readonly spent = new WeakMap<object, number>();

  constructor(readonly maxBytes: number) {}

  tooLargeError(): GraphQLError {
    return new GraphQLError(
      `the answer would be larger than ${this.maxBytes} bytes (TRIBUTARY_MAX_RESPONSE_BYTES): ask for fewer fields or smaller pages`,
      { extensions: { code: LIMIT_CODES.response, maxBytes: this.maxBytes } },
    );
  }

  exceeded(context: unknown): boolean {
    return typeof context === 'object' && context !== null && (this.spent.get(context) ?? 0) > this.maxBytes;
  }

  /** Counts a subgraph result against its request; past the cap, an error instead of the data. */
  spend(context: unknown, result: ExecutionResult): ExecutionResult {
    if (typeof context !== 'object' || context === null) return result;
    const total = (this.spent.get(context) ?? 0) + Buffer.byteLength(JSON.stringify(result.data ?? null));
    this.spent.set(context, total);
    return total > this.maxBytes ? { data: null, errors: [this.tooLargeError()] } : result;
  }

  /** Replaces the answer of a request that went over the cap by the one error. */
  plugin(): GatewayPlugin {
    return {
      onExecutionResult: ({ context, setResult }) => {
        if (this.exceeded(context)) setResult({ data: null, errors: [this.tooLargeError()] });
      },
    };
  }
}
