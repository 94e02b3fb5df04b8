/**
 * The health page's entry module, bundled with everything it imports into dist/sources/app.js:
 * signing in (shared with the admin page's code), then the sources' and the backup's health,
 * asked of the graph with the signed-in system administrator's token.
 */
import { fail, Failure, graphql, say, viewer } from '../../../mapping/admin/browser/api.js';
import { byId, instant, show } from '../../../mapping/admin/browser/dom.js';
import { setUpSignIn } from '../../../mapping/admin/browser/sign-in.js';
import { HEALTH_QUERY, type HealthAnswer } from './shapes.js';
import { backupSummary, sourcesTable } from './view.js';

const COMMAND = 'tributary token --role system-admin';

function clear(): void {
  show(byId('sources'));
  show(byId('backup'));
  byId('checked').textContent = '';
}

async function showHealth(): Promise<void> {
  if (!viewer()) {
    clear();
    say('Sign in with a system-admin token ("' + COMMAND + '") to see the sources.');
    return;
  }
  say('Reading the sources…', 'busy');
  try {
    const answer = await graphql<HealthAnswer>(HEALTH_QUERY);
    show(byId('sources'), sourcesTable(answer.sources));
    show(byId('backup'), backupSummary(answer));
    byId('checked').textContent = 'as of ' + instant(new Date().toISOString());
    const failing = answer.sources.filter((s) => s.health === 'FAILING').length;
    say(failing ? failing + ' source(s) failing: see their last failure.' : 'Sources read.', failing ? 'error' : 'ok');
  } catch (failure) {
    clear();
    if (failure instanceof Failure && (failure.code === 'FORBIDDEN' || failure.code === 'UNAUTHENTICATED'))
      say(
        'Not allowed (' + failure.code + '): this page is for system administrators. Sign in with a token from "' + COMMAND + '".',
        'error',
      );
    else fail(failure, 'Reading the sources');
  }
}

setUpSignIn({
  canAct: (who) => who.roles.includes('system-admin'),
  lacking: 'cannot see the sources (it needs the system-admin role)',
  command: COMMAND,
  signedOut: 'Signed out.',
  onChange: () => void showHealth(),
});
byId('refresh').addEventListener('click', () => void showHealth());
