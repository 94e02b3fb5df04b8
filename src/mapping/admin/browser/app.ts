/**
 * The page's entry module, bundled with everything it imports into dist/admin/app.js: signing in
 * (a pasted bearer token, kept in sessionStorage) and the four views, one per location hash.
 */
import { canChangeMappings, clearToken, decodeToken, say, setToken, viewer, type Viewer } from './api.js';
import { showCoverage } from './coverage.js';
import { byId, instant } from './dom.js';
import { showOrganisations } from './organisations.js';
import { setUpRuleDialogs } from './rule-form.js';
import { showRules } from './rules.js';
import { showUpload } from './upload.js';

const VIEWS = { coverage: showCoverage, rules: showRules, upload: showUpload, organisations: showOrganisations };
type ViewName = keyof typeof VIEWS;

const isView = (name: string): name is ViewName => Object.hasOwn(VIEWS, name);

function route(): void {
  const asked = location.hash.slice(1);
  const name: ViewName = isView(asked) ? asked : 'coverage';
  for (const view of document.querySelectorAll<HTMLElement>('.view')) view.hidden = view.id !== name;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === '#' + name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  void VIEWS[name]();
}

/** Who the stored token names (as its payload says; the hub checks it on every request). */
function describeViewer(who: Viewer): string {
  let text = 'Signed in as ' + who.subject + ' (' + (who.roles.length ? who.roles.join(', ') : 'no roles') + ')';
  if (who.expires)
    text +=
      who.expires.getTime() <= Date.now()
        ? '. This token has expired: sign in with a new one.'
        : ', until ' + instant(who.expires.toISOString());
  if (!canChangeMappings(who)) text += '. This token cannot change mappings (it needs the mapping-admin role).';
  return text;
}

function renderViewer(): void {
  const who = viewer();
  byId('sign-in-form').hidden = Boolean(who);
  byId('signed-in').hidden = !who;
  const line = byId('who');
  line.textContent = who ? describeViewer(who) : '';
  line.className = who && (!canChangeMappings(who) || (who.expires && who.expires.getTime() <= Date.now())) ? 'warning' : '';
}

function setUpSignIn(): void {
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token-input', HTMLInputElement);
    const text = input.value.trim().replace(/^bearer\s+/i, '');
    const who = decodeToken(text);
    if (!who) {
      say(
        'That is not a bearer token (a JWT: three parts separated by dots). Get one with "tributary token --role mapping-admin".',
        'error',
      );
      input.focus();
      return;
    }
    setToken(text);
    input.value = '';
    renderViewer();
    say(describeViewer(who).replace(/\.?$/, '.'), 'ok');
    byId('sign-out').focus();
  });
  byId('sign-out').addEventListener('click', () => {
    clearToken();
    renderViewer();
    say('Signed out: you can still browse; changes need a mapping-admin token.', 'ok');
    byId('token-input').focus();
  });
  renderViewer();
}

setUpSignIn();
setUpRuleDialogs();
window.addEventListener('hashchange', route);
route();
