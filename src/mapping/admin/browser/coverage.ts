/**
 * "Unmapped money": how much aid money a classification places per currency, and the source codes
 * leaving the most unmapped per donor, each with a "Map…" action opening the new-rule dialog
 * prefilled.
 */
import type { MappingCoverageShape, UnmappedSourceShape } from '../graph-shapes.js';
import { fail, financeCountries, graphql, say, type FinanceCountry } from './api.js';
import { amount, byId, count, h, percent, plural, show, table, values } from './dom.js';
import { openCreateRule } from './rule-form.js';

const COVERAGE =
  'query Coverage($segment: String!, $country: String, $fiscalYear: Int, $donor: String, $limit: Int!) {' +
  ' mappingCoverage(segment: $segment, country: $country, fiscalYear: $fiscalYear, donor: $donor, limit: $limit) {' +
  ' segment country transactionTypes totals { currency total mapped unmapped mappedShare transactions }' +
  ' unmapped { donorRef donorName sourceScheme sourceCode currency amount activities } } }';

/** A national segment id → the countries whose chart of accounts has it. */
type Segments = Map<string, { countries: { code: string; name: string; segment: string }[] }>;

let started = false;
let asked = 0;

const form = (): HTMLFormElement => byId('coverage-form', HTMLFormElement);

/** National segments (coa:<id>) of every country, and the countries that have each. */
async function fillClassifications(): Promise<void> {
  const select = byId('coverage-segment', HTMLSelectElement);
  let list: FinanceCountry[] = [];
  try {
    list = await financeCountries();
  } catch (failure) {
    fail(failure, 'Reading the countries');
  }
  const segments: Segments = new Map();
  for (const country of list) {
    for (const segment of country.segments) {
      const entry = segments.get(segment.id) || { countries: [] };
      entry.countries.push({ code: country.code, name: country.name, segment: segment.name });
      segments.set(segment.id, entry);
    }
  }
  for (const id of segments.keys()) select.append(h('option', { value: 'coa:' + id }, 'National chart of accounts: coa:' + id));
  select.addEventListener('change', () => fillCountries(segments));
  fillCountries(segments);
}

function fillCountries(segments: Segments): void {
  const segment = byId('coverage-segment', HTMLSelectElement).value;
  const select = byId('coverage-country', HTMLSelectElement);
  const entry = segment.startsWith('coa:') ? segments.get(segment.slice(4)) : null;
  const before = select.value;
  select.replaceChildren(
    ...(entry ? entry.countries : []).map((c) => h('option', { value: c.code }, c.code + ' — ' + c.name + ' · ' + c.segment)),
  );
  if (!entry) select.append(h('option', { value: '' }, '— (COFOG is international)'));
  select.disabled = !entry;
  if (entry && entry.countries.some((c) => c.code === before)) select.value = before;
}

function totalsTable(coverage: MappingCoverageShape): HTMLElement {
  if (coverage.totals.length === 0) return h('p', { class: 'empty' }, 'No aid money of these transaction types is held.');
  return table(
    'Money counted, per currency (transaction types ' + coverage.transactionTypes.join(', ') + ')',
    [
      { label: 'Currency' },
      { label: 'Total', numeric: true },
      { label: 'Mapped', numeric: true },
      { label: 'Unmapped', numeric: true },
      { label: 'Mapped share', numeric: true },
      { label: 'Transactions', numeric: true },
    ],
    coverage.totals.map((t) => [
      t.currency,
      amount(t.total),
      amount(t.mapped),
      amount(t.unmapped),
      t.mappedShare === null
        ? '—'
        : h('span', null, percent(t.mappedShare), h('meter', { min: 0, max: 100, value: t.mappedShare, 'aria-hidden': 'true' })),
      count(t.transactions),
    ]),
    'totals',
  );
}

function donorOf(row: UnmappedSourceShape): string {
  if (!row.donorRef && !row.donorName) return 'unknown donor';
  return row.donorName ? row.donorName + (row.donorRef ? ' (' + row.donorRef + ')' : '') : (row.donorRef ?? '');
}

function mapButton(coverage: MappingCoverageShape, row: UnmappedSourceShape): HTMLElement {
  const { sourceScheme, sourceCode } = row;
  if (!sourceScheme) return h('span', { class: 'empty' }, 'nothing reported to map');
  const donor = donorOf(row);
  const context =
    donor +
    ' leaves ' +
    row.currency +
    ' ' +
    amount(row.amount) +
    ' classified ' +
    sourceScheme +
    ' ' +
    sourceCode +
    ' unmapped in ' +
    coverage.segment +
    (coverage.country ? ' of ' + coverage.country : '') +
    ', over ' +
    plural(row.activities, 'activity', 'activities') +
    '.';
  return h(
    'button',
    {
      type: 'button',
      'aria-label': 'Map… ' + sourceScheme + ' ' + sourceCode + ' of ' + donor,
      onclick: () =>
        openCreateRule(
          { country: coverage.country || '', sourceScheme, sourceCode: sourceCode ?? undefined, targetScheme: coverage.segment },
          context,
        ),
    },
    'Map…',
  );
}

function unmappedTable(coverage: MappingCoverageShape): HTMLElement {
  if (coverage.unmapped.length === 0) return h('p', { class: 'empty' }, 'No money is left unmapped.');
  return table(
    'What leaves the most money unmapped in ' + coverage.segment + (coverage.country ? ' of ' + coverage.country : '') + ', by donor',
    [
      { label: 'Donor' },
      { label: 'Source scheme' },
      { label: 'Source code' },
      { label: 'Currency' },
      { label: 'Unmapped amount', numeric: true },
      { label: 'Activities', numeric: true },
      { label: 'Action', className: 'actions' },
    ],
    coverage.unmapped.map((row) => [
      donorOf(row),
      row.sourceScheme || '—',
      row.sourceCode || '—',
      row.currency,
      amount(row.amount),
      count(row.activities),
      mapButton(coverage, row),
    ]),
    'unmapped',
  );
}

/** Reads the coverage the form asks for; quiet keeps the status line (after a change, it says what changed). */
export async function refreshCoverage(quiet?: boolean): Promise<void> {
  const given = values(form());
  const variables = {
    segment: given.segment || 'cofog',
    country: given.segment && given.segment !== 'cofog' ? given.country || null : null,
    fiscalYear: given.fiscalYear ? Number(given.fiscalYear) : null,
    donor: given.donor || null,
    limit: Number(given.limit || 20),
  };
  const mine = ++asked;
  if (!quiet) say('Reading the coverage…', 'busy');
  try {
    const data = await graphql<{ mappingCoverage: MappingCoverageShape }>(COVERAGE, variables);
    if (mine !== asked) return;
    const coverage = data.mappingCoverage;
    show(byId('coverage-totals'), totalsTable(coverage));
    show(byId('coverage-unmapped'), unmappedTable(coverage));
    if (!quiet)
      say(
        'Coverage of ' +
          coverage.segment +
          (coverage.country ? ' (' + coverage.country + ')' : '') +
          ': ' +
          plural(coverage.unmapped.length, 'unmapped source') +
          ' shown.',
        'ok',
      );
  } catch (failure) {
    if (mine === asked) fail(failure, 'Reading the coverage');
  }
}

export async function showCoverage(): Promise<void> {
  if (started) return;
  started = true;
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    void refreshCoverage();
  });
  document.addEventListener('mappings-changed', () => void refreshCoverage(true));
  await fillClassifications();
  await refreshCoverage();
}
