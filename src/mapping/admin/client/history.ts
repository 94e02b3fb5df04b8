/**
 * Served as /admin/mappings/history.js: a rule's history — every version, who made it, when, why,
 * and what it was before. Browser JavaScript held as text: it may use no backquote and no
 * dollar-brace.
 */
export const historyModule = String.raw`
import { fail, graphql, say } from './api.js';
import { h, instant, percent, show, table, years } from './dom.js';
import { describeRule, RULE_FIELDS } from './rule-form.js';

const HISTORY =
  'query RuleHistory($id: ID!) { mappingRule(id: $id) { ' +
  RULE_FIELDS +
  ' history { id operation version before after changedBy changedAt reason batch } } }';

let shown = null;

function describeSnapshot(snapshot) {
  if (!snapshot) return '—';
  return describeRule(snapshot) + (snapshot.status && snapshot.status !== 'active' ? ' (' + snapshot.status + ')' : '');
}

/** "share 100 % → 60 %; target 04.2.1 → 04.2.2" */
function changes(before, after) {
  if (!before || !after) return '';
  const parts = [];
  if (before.targetCode !== after.targetCode) parts.push('target ' + before.targetCode + ' → ' + after.targetCode);
  if (percent(before.share) !== percent(after.share)) parts.push('share ' + percent(before.share) + ' → ' + percent(after.share));
  const was = years(before.validFrom ?? null, before.validTo ?? null);
  const is = years(after.validFrom ?? null, after.validTo ?? null);
  if (was !== is) parts.push('years ' + was + ' → ' + is);
  if (before.status !== after.status) parts.push(before.status + ' → ' + after.status);
  return parts.join('; ');
}

/** Shows a rule's history below the rules; quiet (after a change) keeps the status line and the focus. */
export async function showHistory(id, quiet) {
  const panel = document.getElementById('history');
  const title = document.getElementById('history-title');
  shown = id;
  if (!quiet) say('Reading the history of rule ' + id + '…', 'busy');
  try {
    const rule = (await graphql(HISTORY, { id })).mappingRule;
    if (!rule) throw new Error('there is no rule ' + id);
    title.textContent = 'History of rule ' + rule.id + ' (' + rule.status + ', version ' + rule.version + ')';
    show(
      document.getElementById('history-table'),
      table(
        describeRule(rule),
        [
          { label: 'Version', numeric: true },
          { label: 'Change' },
          { label: 'When' },
          { label: 'Who' },
          { label: 'Why' },
          { label: 'Before' },
          { label: 'After' },
        ],
        rule.history.map((change) => [
          change.version === null ? '—' : String(change.version),
          h('span', null, h('strong', null, change.operation), ' ', changes(change.before, change.after)),
          instant(change.changedAt),
          change.changedBy,
          change.reason,
          describeSnapshot(change.before),
          describeSnapshot(change.after),
        ]),
        'history',
      ),
    );
    panel.hidden = false;
    if (quiet) return;
    title.focus();
    say('Rule ' + rule.id + ': ' + rule.history.length + ' change' + (rule.history.length === 1 ? '' : 's') + ' in its history.', 'ok');
  } catch (failure) {
    fail(failure, 'Reading the history');
  }
}

/** After a change, the history on show (if it is that rule's) gains its new version. */
export function refreshHistory(id) {
  if (shown !== null && String(shown) === String(id) && !document.getElementById('history').hidden) {
    void showHistory(id, true);
  }
}
`;
