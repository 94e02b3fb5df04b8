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
    const json = JSON.stringify(result.data ?? null);
    const total = (this.spent.get(context) ?? 0) + Buffer.byteLength(json);
    this.spent.set(context, total);
    return total > this.maxBytes ? { data: null, errors: [this.tooLargeError()] } : reusingJson(result, json);
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

/**
 * The counted JSON is kept for the response: when the gateway sends a subgraph's answer as it is
 * (src/gateway/sole-subgraph-execution.ts), graphql-yoga calls the result's own `stringify`, and
 * the data is not serialised a second time. Any other result (the gateway's merged answer, an
 * error copy) has no such function and is serialised as usual.
 */
function reusingJson(result: ExecutionResult, dataJson: string): ExecutionResult {
  const data = result.data;
  const stringify = (value: ExecutionResult): string => {
    if (value.data !== data) return JSON.stringify(value);
    const { data: _counted, ...rest } = value;
    const restJson = JSON.stringify(rest);
    return restJson === '{}' ? `{"data":${dataJson}}` : `{"data":${dataJson},${restJson.slice(1)}`;
  };
  return Object.defineProperty(result, 'stringify', { value: stringify, enumerable: false });
}
