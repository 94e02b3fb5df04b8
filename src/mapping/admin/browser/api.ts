/**
 * The page's one way to the hub (POST /graphql with the signed-in admin's bearer token), the token
 * kept in sessionStorage, and the status line.
 */
import type { CoaSegmentShape, FinanceCountryShape, SheetProblemShape } from '../graph-shapes.js';
import { byId } from './dom.js';

const TOKEN_KEY = 'tributary.mapping-admin.token';

export function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value: string): void {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Who a token names, as its payload says. */
export interface Viewer {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly expires: Date | null;
}

/**
 * Who the token names, read from its payload for display only: the hub verifies the signature on
 * every request. null when the text is not a JWT.
 */
export function decodeToken(text: string): Viewer | null {
  const part = text.split('.')[1];
  if (!part || text.split('.').length !== 3) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload !== 'object' || payload === null) return null;
    const claims = payload as { sub?: unknown; roles?: unknown; exp?: unknown };
    return {
      subject: typeof claims.sub === 'string' ? claims.sub : '(no subject)',
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
      expires: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

export function viewer(): Viewer | null {
  const text = token();
  return text ? decodeToken(text) : null;
}

export function canChangeMappings(who: Viewer | null): boolean {
  return Boolean(who && (who.roles.includes('mapping-admin') || who.roles.includes('system-admin')));
}

/** A GraphQL error as the hub sends it (a refused sheet lists its problems). */
export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly problems?: unknown };
}

/** GraphQL errors (or no answer), as one error: errors keep their message and extensions. */
export class Failure extends Error {
  readonly errors: readonly GraphqlError[];
  readonly status: number;
  readonly code: string | null;

  constructor(errors: readonly GraphqlError[], status: number) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code || null;
  }

  get problems(): SheetProblemShape[] {
    const found: SheetProblemShape[] = [];
    for (const error of this.errors) {
      const problems = error.extensions?.problems;
      if (Array.isArray(problems)) found.push(...(problems as SheetProblemShape[]));
    }
    return found;
  }
}

/** Runs an operation; resolves with data, rejects with a Failure. */
export async function graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.authorization = 'Bearer ' + bearer;
  let response: Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables: variables || {} }) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Failure([{ message: 'the hub did not answer (' + reason + ')', extensions: { code: 'NO_ANSWER' } }], 0);
  }
  let body: { data?: T; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Failure(
      [{ message: 'the hub answered HTTP ' + response.status + ' without a GraphQL result', extensions: { code: 'NO_ANSWER' } }],
      response.status,
    );
  }
  if (body.errors && body.errors.length) throw new Failure(body.errors, response.status);
  return body.data as T;
}

/** What to tell the admin about a failure: the hub's own words, and what to do about it. */
export function explain(failure: unknown, what: string): string {
  if (!(failure instanceof Failure))
    return what + ' failed: ' + (failure instanceof Error && failure.message ? failure.message : String(failure));
  if (failure.code === 'FORBIDDEN') {
    const hint = canChangeMappings(viewer())
      ? ''
      : viewer()
        ? '\nThis token has no mapping-admin role: sign in with one from "tributary token --role mapping-admin".'
        : '\nSign in with a mapping-admin token ("tributary token --role mapping-admin").';
    return 'Not allowed (FORBIDDEN): ' + failure.message + hint;
  }
  if (failure.code === 'UNAUTHENTICATED') {
    return 'The hub refused the token (UNAUTHENTICATED): ' + failure.message + '\nSign out, or sign in with a new token.';
  }
  if (failure.problems.length)
    return what + ' was refused; nothing was changed:\n' + failure.problems.map((p) => '• ' + p.message).join('\n');
  return what + ' failed' + (failure.code ? ' (' + failure.code + ')' : '') + ': ' + failure.message;
}

/** A country with a chart of accounts, as the page asks for it. */
export type FinanceCountry = FinanceCountryShape & { segments: CoaSegmentShape[] };

let countries: Promise<FinanceCountry[]> | null = null;

/** The countries the hub holds a chart of accounts for, with their segments (asked once). */
export function financeCountries(): Promise<FinanceCountry[]> {
  if (!countries) {
    const asked = graphql<{ financeCountries: FinanceCountry[] }>('{ financeCountries { code name segments { id name kind } } }').then(
      (data) => data.financeCountries,
    );
    asked.catch(() => (countries = null));
    countries = asked;
  }
  return countries;
}

/** The status line (an aria-live region): kind ok, error or busy. */
export function say(message: string, kind?: 'ok' | 'error' | 'busy'): void {
  const line = byId('status');
  line.className = 'status' + (kind ? ' ' + kind : '');
  line.textContent = message;
}

export function fail(failure: unknown, what: string): void {
  say(explain(failure, what), 'error');
}
