/**
 * Signing in to one of the hub's pages: a pasted bearer token, kept in sessionStorage (see api.ts),
 * and the line saying who it names and whether it can do what the page offers.
 */
import { clearToken, decodeToken, say, setToken, viewer, type Viewer } from './api.js';
import { byId, instant } from './dom.js';

export interface SignInOptions {
  /** Whether the token may do what the page offers (its role). */
  readonly canAct: (who: Viewer) => boolean;
  /** What a token lacking that can do, and which role it needs: "cannot change mappings (it needs the mapping-admin role)". */
  readonly lacking: string;
  /** The command giving a token with the role: `tributary token --role mapping-admin`. */
  readonly command: string;
  /** Said when signing out. */
  readonly signedOut: string;
  /** Told each time who is signed in changes. */
  readonly onChange?: () => void;
}

/** Who the stored token names (as its payload says; the hub checks it on every request). */
function describeViewer(who: Viewer, options: SignInOptions): string {
  let text = 'Signed in as ' + who.subject + ' (' + (who.roles.length ? who.roles.join(', ') : 'no roles') + ')';
  if (who.expires)
    text +=
      who.expires.getTime() <= Date.now()
        ? '. This token has expired: sign in with a new one.'
        : ', until ' + instant(who.expires.toISOString());
  if (!options.canAct(who)) text += '. This token ' + options.lacking + '.';
  return text;
}

function renderViewer(options: SignInOptions): void {
  const who = viewer();
  byId('sign-in-form').hidden = Boolean(who);
  byId('signed-in').hidden = !who;
  const line = byId('who');
  line.textContent = who ? describeViewer(who, options) : '';
  line.className = who && (!options.canAct(who) || (who.expires && who.expires.getTime() <= Date.now())) ? 'warning' : '';
  options.onChange?.();
}

export function setUpSignIn(options: SignInOptions): void {
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token-input', HTMLInputElement);
    const text = input.value.trim().replace(/^bearer\s+/i, '');
    const who = decodeToken(text);
    if (!who) {
      say('That is not a bearer token (a JWT: three parts separated by dots). Get one with "' + options.command + '".', 'error');
      input.focus();
      return;
    }
    setToken(text);
    input.value = '';
    renderViewer(options);
    say(describeViewer(who, options).replace(/\.?$/, '.'), 'ok');
    byId('sign-out').focus();
  });
  byId('sign-out').addEventListener('click', () => {
    clearToken();
    renderViewer(options);
    say(options.signedOut, 'ok');
    byId('token-input').focus();
  });
  renderViewer(options);
}
