import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import type { Authenticator } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';

/**
 * A per-caller rate limit, kept in this process's memory (so per hub instance: behind a load
 * balancer of n hubs a caller gets up to n times the rate). A caller is an API key or token
 * subject, or else (anonymous, or credentials that fail) the client's IP address. Each has a token
 * bucket of `perMinute` requests, refilled continuously; an empty bucket answers HTTP 429 with
 * RATE_LIMITED and Retry-After (whole seconds until one request is allowed again).
 */
interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many callers, buckets that have refilled completely (idle callers) are forgotten. */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the request may go ahead, else the seconds to wait. */
  take(caller: string): number {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (this.buckets.size > PRUNE_ABOVE) this.prune(now, perMs);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  private prune(now: number, perMs: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.perMinute) this.buckets.delete(caller);
    }
  }
}

function clientAddress(serverContext: unknown): string {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? 'unknown';
}

/** Who a request counts against: the API key or token subject, else (anonymous, or credentials that fail) the IP address. */
export function callerOf(viewer: Viewer | null, remoteAddress: string | undefined): string {
  return viewer && viewer.via !== 'anonymous' ? `${viewer.via}:${viewer.subject}` : `ip:${remoteAddress ?? 'unknown'}`;
}

export function rateLimitMessage(perMinute: number, wait: number): string {
  return `too many requests: at most ${perMinute} a minute per caller (TRIBUTARY_RATE_LIMIT); try again in ${wait} s`;
}

/** The limit on /graphql; `limiter` is shared with the hub's other routes (file downloads), so one caller has one budget. */
export function useRateLimit(authenticator: Authenticator, limiter: RateLimiter, perMinute: number): GatewayPlugin {
  return {
    async onRequestParse({ request, serverContext }) {
      const viewer = await authenticator.viewerOf(request).catch(() => null);
      const wait = limiter.take(callerOf(viewer, clientAddress(serverContext)));
      if (wait === 0) return;
      throw new GraphQLError(rateLimitMessage(perMinute, wait), {
        extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'Retry-After': String(wait) } } },
      });
    },
  };
}
