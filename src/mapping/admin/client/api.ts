/**
 * Served as /admin/mappings/api.js: the page's one way to the hub (POST /graphql with the signed-in
 * admin's bearer token), the token kept in sessionStorage, and the status line. Browser JavaScript
 * held as text: it may use no backquote and no dollar-brace.
 */
export const apiModule = String.raw`
const TOKEN_KEY = 'tributary.mapping-admin.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Who the token names, read from its payload for display only: the hub verifies the signature on
 * every request. null when the text is not a JWT.
 */
export function decodeToken(text) {
  const part = text.split('.')[1];
  if (!part || text.split('.').length !== 3) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload !== 'object' || payload === null) return null;
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : '(no subject)',
      roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
      expires: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

export function viewer() {
  const text = token();
  return text ? decodeToken(text) : null;
}

export function canChangeMappings(who) {
  return Boolean(who && (who.roles.includes('mapping-admin') || who.roles.includes('system-admin')));
}

/** GraphQL errors (or no answer), as one error: errors keep their message and extensions. */
export class Failure extends Error {
  constructor(errors, status) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
    this.status = status;
    this.code = (errors[0] && errors[0].extensions && errors[0].extensions.code) || null;
  }

  get problems() {
    const found = [];
    for (const error of this.errors) {
      const problems = error.extensions && error.extensions.problems;
      if (Array.isArray(problems)) found.push(...problems);
    }
    return found;
  }
}

/** Runs an operation; resolves with data, rejects with a Failure. */
export async function graphql(query, variables) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.authorization = 'Bearer ' + bearer;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables: variables || {} }) });
  } catch (error) {
    throw new Failure([{ message: 'the hub did not answer (' + error.message + ')', extensions: { code: 'NO_ANSWER' } }], 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new Failure(
      [{ message: 'the hub answered HTTP ' + response.status + ' without a GraphQL result', extensions: { code: 'NO_ANSWER' } }],
      response.status,
    );
  }
  if (body.errors && body.errors.length) throw new Failure(body.errors, response.status);
  return body.data;
}

/** What to tell the admin about a failure: the hub's own words, and what to do about it. */
export function explain(failure, what) {
  if (!(failure instanceof Failure)) return what + ' failed: ' + (failure && failure.message ? failure.message : String(failure));
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

let countries = null;

/** The countries the hub holds a chart of accounts for, with their segments (asked once). */
export function financeCountries() {
  if (!countries) {
    countries = graphql('{ financeCountries { code name segments { id name kind } } }').then((data) => data.financeCountries);
    countries.catch(() => (countries = null));
  }
  return countries;
}

const statusLine = () => document.getElementById('status');

/** The status line (an aria-live region): kind ok, error or busy. */
export function say(message, kind) {
  const line = statusLine();
  line.className = 'status' + (kind ? ' ' + kind : '');
  line.textContent = message;
}

export function fail(failure, what) {
  say(explain(failure, what), 'error');
}
`;
