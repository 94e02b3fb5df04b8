/**
 * The page's entry module, bundled with everything it imports into dist/admin/app.js: signing in
 * (a pasted bearer token, kept in sessionStorage) and the four views, one per location hash.
 */
import { canChangeMappings } from './api.js';
import { showCoverage } from './coverage.js';
import { showOrganisations } from './organisations.js';
import { setUpRuleDialogs } from './rule-form.js';
import { showRules } from './rules.js';
import { setUpSignIn } from './sign-in.js';
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

setUpSignIn({
  canAct: canChangeMappings,
  lacking: 'cannot change mappings (it needs the mapping-admin role)',
  command: 'tributary token --role mapping-admin',
  signedOut: 'Signed out: you can still browse; changes need a mapping-admin token.',
});
setUpRuleDialogs();
window.addEventListener('hashchange', route);
route();
