/** A rule's history: every version, who made it, when, why, and what it was before. */
import type { MappingChangeShape } from '../graph-shapes.js';
import { fail, graphql, say } from './api.js';
import { byId, h, instant, percent, show, table, years } from './dom.js';
import { describeRule, RULE_FIELDS, type MappingRule, type RuleDescribed } from './rule-form.js';

const HISTORY =
  'query RuleHistory($id: ID!) { mappingRule(id: $id) { ' +
  RULE_FIELDS +
  ' history { id operation version before after changedBy changedAt reason batch } } }';

/** A rule as one change left it: the hub stores the rule's own fields. */
type Snapshot = RuleDescribed & { readonly status?: string };

let shown: string | null = null;

function describeSnapshot(snapshot: Snapshot | null): string {
  if (!snapshot) return '—';
  return describeRule(snapshot) + (snapshot.status && snapshot.status !== 'active' ? ' (' + snapshot.status + ')' : '');
}

/** "share 100 % → 60 %; target 04.2.1 → 04.2.2" */
function changes(before: Snapshot | null, after: Snapshot | null): string {
  if (!before || !after) return '';
  const parts: string[] = [];
  if (before.targetCode !== after.targetCode) parts.push('target ' + before.targetCode + ' → ' + after.targetCode);
  if (percent(before.share) !== percent(after.share)) parts.push('share ' + percent(before.share) + ' → ' + percent(after.share));
  const was = years(before.validFrom ?? null, before.validTo ?? null);
  const is = years(after.validFrom ?? null, after.validTo ?? null);
  if (was !== is) parts.push('years ' + was + ' → ' + is);
  if (before.status !== after.status) parts.push(before.status + ' → ' + after.status);
  return parts.join('; ');
}

const snapshot = (fields: Record<string, unknown> | null): Snapshot | null => fields as Snapshot | null;

/** Shows a rule's history below the rules; quiet (after a change) keeps the status line and the focus. */
export async function showHistory(id: string, quiet?: boolean): Promise<void> {
  const panel = byId('history');
  const title = byId('history-title');
  shown = id;
  if (!quiet) say('Reading the history of rule ' + id + '…', 'busy');
  try {
    const rule = (await graphql<{ mappingRule: (MappingRule & { history: MappingChangeShape[] }) | null }>(HISTORY, { id })).mappingRule;
    if (!rule) throw new Error('there is no rule ' + id);
    title.textContent = 'History of rule ' + rule.id + ' (' + rule.status + ', version ' + rule.version + ')';
    show(
      byId('history-table'),
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
          h('span', null, h('strong', null, change.operation), ' ', changes(snapshot(change.before), snapshot(change.after))),
          instant(change.changedAt),
          change.changedBy,
          change.reason,
          describeSnapshot(snapshot(change.before)),
          describeSnapshot(snapshot(change.after)),
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
export function refreshHistory(id: string | null): void {
  if (shown !== null && String(shown) === String(id) && !byId('history').hidden) {
    void showHistory(shown, true);
  }
}
