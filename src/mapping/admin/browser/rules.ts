/** The rules, filtered and paged, each with its changes (a new version, retirement) and its history. */
import { fail, graphql, say } from './api.js';
import { byId, count, h, instant, percent, show, table, values, years } from './dom.js';
import { refreshHistory, showHistory } from './history.js';
import { openCreateRule, openEditRule, openRetireRule, RULE_FIELDS, type MappingRule } from './rule-form.js';

const PAGE = 25;
const RULES =
  'query Rules($filter: MappingRuleFilter, $first: Int, $after: String, $last: Int, $before: String) {' +
  ' mappingRules(filter: $filter, first: $first, after: $after, last: $last, before: $before) {' +
  ' totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ' +
  RULE_FIELDS +
  ' } } }';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface RuleConnection {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: MappingRule[];
}
/** How a page is asked for: the first after a cursor, or the last before one. */
type PageAsked = { first: number; after?: string | null } | { last: number; before?: string | null };

let started = false;
let asked = 0;
/** The page on show: how it was asked for, and where it starts (0-based) in the filtered list. */
let current: { page: PageAsked; offset: number; pageInfo: PageInfo | null; length: number } = {
  page: { first: PAGE },
  offset: 0,
  pageInfo: null,
  length: 0,
};

const list = (text: string | undefined): string[] | undefined =>
  text
    ? text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined;

function filter(): Record<string, string[] | undefined> {
  const given = values(byId('rules-form', HTMLFormElement));
  return {
    sourceScheme: list(given.sourceScheme),
    sourceCode: list(given.sourceCode),
    targetScheme: list(given.targetScheme),
    country: list(given.country && given.country.toUpperCase()),
    status: given.status === 'all' ? ['active', 'retired'] : [given.status || 'active'],
  };
}

function actions(rule: MappingRule): (HTMLButtonElement | null)[] {
  const active = rule.status === 'active';
  return [
    active ? h('button', { type: 'button', 'aria-label': 'Edit rule ' + rule.id, onclick: () => openEditRule(rule) }, 'Edit…') : null,
    active ? h('button', { type: 'button', 'aria-label': 'Retire rule ' + rule.id, onclick: () => openRetireRule(rule) }, 'Retire…') : null,
    h('button', { type: 'button', 'aria-label': 'History of rule ' + rule.id, onclick: () => showHistory(rule.id) }, 'History'),
  ];
}

function rulesTable(connection: RuleConnection): HTMLElement {
  if (connection.nodes.length === 0) return h('p', { class: 'empty' }, 'No rule matches.');
  return table(
    'Mapping rules ' + (current.offset + 1) + '–' + (current.offset + connection.nodes.length) + ' of ' + count(connection.totalCount),
    [
      { label: 'Rule', numeric: true },
      { label: 'Country' },
      { label: 'Source', className: 'nowrap' },
      { label: 'Target', className: 'nowrap' },
      { label: 'Share', numeric: true },
      { label: 'Fiscal years', className: 'nowrap' },
      { label: 'Status' },
      { label: 'Version', numeric: true },
      { label: 'Origin' },
      { label: 'Last changed', className: 'nowrap' },
      { label: 'Reason' },
      { label: 'Actions', className: 'actions' },
    ],
    connection.nodes.map((rule) => ({
      className: rule.status === 'active' ? null : rule.status,
      cells: [
        String(rule.id),
        rule.country || '—',
        rule.sourceScheme + ' ' + rule.sourceCode,
        rule.targetScheme + ' ' + rule.targetCode,
        percent(rule.share),
        years(rule.validFrom, rule.validTo),
        rule.status,
        String(rule.version),
        rule.origin,
        [rule.changedBy, h('br', null), instant(rule.changedAt)],
        rule.reason,
        actions(rule),
      ],
    })),
    'rules',
  );
}

/** Reads a page, asked as page, which starts at offset. */
async function read(page: PageAsked, offset: number, quiet?: boolean): Promise<void> {
  const mine = ++asked;
  if (!quiet) say('Reading the rules…', 'busy');
  try {
    const connection = (await graphql<{ mappingRules: RuleConnection }>(RULES, { filter: filter(), ...page })).mappingRules;
    if (mine !== asked) return;
    current = { page, offset: Math.max(0, offset), pageInfo: connection.pageInfo, length: connection.nodes.length };
    show(byId('rules-table'), rulesTable(connection));
    const end = current.offset + connection.nodes.length;
    byId('rules-range').textContent = connection.nodes.length ? current.offset + 1 + '–' + end + ' of ' + count(connection.totalCount) : '';
    byId('rules-previous', HTMLButtonElement).disabled = current.offset === 0;
    byId('rules-next', HTMLButtonElement).disabled = end >= connection.totalCount;
    if (!quiet) say(count(connection.totalCount) + (connection.totalCount === 1 ? ' rule matches.' : ' rules match.'), 'ok');
  } catch (failure) {
    if (mine === asked) fail(failure, 'Reading the rules');
  }
}

export function showRules(): void {
  if (started) return;
  started = true;
  byId('rules-form').addEventListener('submit', (event) => {
    event.preventDefault();
    byId('history').hidden = true;
    void read({ first: PAGE }, 0);
  });
  byId('rules-next').addEventListener('click', () => {
    void read({ first: PAGE, after: current.pageInfo?.endCursor }, current.offset + current.length);
  });
  byId('rules-previous').addEventListener('click', () => {
    const size = Math.min(PAGE, current.offset);
    void read({ last: size, before: current.pageInfo?.startCursor }, current.offset - size);
  });
  byId('new-rule').addEventListener('click', () => {
    const given = values(byId('rules-form', HTMLFormElement));
    openCreateRule({
      sourceScheme: given.sourceScheme,
      sourceCode: given.sourceCode,
      targetScheme: given.targetScheme,
      country: (given.country ?? '').toUpperCase(),
    });
  });
  document.addEventListener('mappings-changed', (event) => {
    void read(current.page, current.offset, true);
    refreshHistory(event.detail.rule.id);
  });
  void read(current.page, 0);
}
