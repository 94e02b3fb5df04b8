/**
 * Served as /admin/mappings/app.js, the page's entry module: signing in (a pasted bearer token,
 * kept in sessionStorage) and the four views, one per location hash. Browser JavaScript held as
 * text: it may use no backquote and no dollar-brace.
 */
export const appModule = String.raw`
import { canChangeMappings, clearToken, decodeToken, say, setToken, viewer } from './api.js';
import { showCoverage } from './coverage.js';
import { instant } from './dom.js';
import { showOrganisations } from './organisations.js';
import { setUpRuleDialogs } from './rule-form.js';
import { showRules } from './rules.js';
import { showUpload } from './upload.js';

const VIEWS = { coverage: showCoverage, rules: showRules, upload: showUpload, organisations: showOrganisations };

function route() {
  const asked = location.hash.slice(1);
  const name = Object.hasOwn(VIEWS, asked) ? asked : 'coverage';
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== name;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === '#' + name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  void VIEWS[name]();
}

/** Who the stored token names (as its payload says; the hub checks it on every request). */
function describeViewer(who) {
  let text = 'Signed in as ' + who.subject + ' (' + (who.roles.length ? who.roles.join(', ') : 'no roles') + ')';
  if (who.expires)
    text +=
      who.expires.getTime() <= Date.now()
        ? '. This token has expired: sign in with a new one.'
        : ', until ' + instant(who.expires.toISOString());
  if (!canChangeMappings(who)) text += '. This token cannot change mappings (it needs the mapping-admin role).';
  return text;
}

function renderViewer() {
  const who = viewer();
  document.getElementById('sign-in-form').hidden = Boolean(who);
  document.getElementById('signed-in').hidden = !who;
  const line = document.getElementById('who');
  line.textContent = who ? describeViewer(who) : '';
  line.className = who && (!canChangeMappings(who) || (who.expires && who.expires.getTime() <= Date.now())) ? 'warning' : '';
}

function setUpSignIn() {
  const form = document.getElementById('sign-in-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('token-input');
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
    document.getElementById('sign-out').focus();
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    clearToken();
    renderViewer();
    say('Signed out: you can still browse; changes need a mapping-admin token.', 'ok');
    document.getElementById('token-input').focus();
  });
  renderViewer();
}

setUpSignIn();
setUpRuleDialogs();
window.addEventListener('hashchange', route);
route();
`;
