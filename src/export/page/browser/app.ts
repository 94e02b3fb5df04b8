/**
 * The budget page's entry module, bundled with everything it imports into dist/budget/app.js:
 * signing in (shared with the admin page's code), the filters, the totals and the downloads.
 */
import { fail } from '../../../mapping/admin/browser/api.js';
import { byId } from '../../../mapping/admin/browser/dom.js';
import { setUpSignIn } from '../../../mapping/admin/browser/sign-in.js';
import { download } from './download.js';
import { setUpFilters } from './filters.js';
import { showTotals } from './view.js';

setUpSignIn({
  canAct: (who) => who.roles.some((role) => ['budget-officer', 'analyst', 'system-admin'].includes(role)),
  lacking: 'cannot download (it needs the budget-officer or analyst role)',
  command: 'tributary token --role budget-officer',
  signedOut: 'Signed out: you can still see the totals; downloads need a budget-officer or analyst token.',
});
byId('budget-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void showTotals();
});
byId('budget-kind').addEventListener('change', () => void showTotals());
byId('download-xlsx').addEventListener('click', () => void download('xlsx'));
byId('download-csv').addEventListener('click', () => void download('csv'));
setUpFilters().then(showTotals, (failure: unknown) => fail(failure, 'Reading the countries'));
