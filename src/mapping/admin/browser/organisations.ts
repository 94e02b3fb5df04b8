/**
 * Organisations no rule places in a country's administrative segment, the most money first, with
 * the national entities their names resemble. Approving a suggestion opens the new-rule dialog
 * prefilled (org-ref or org-name → the entity's code); nothing is applied without the admin's reason.
 */
import type { EntitySuggestionShape, UnmappedOrganisationShape } from '../graph-shapes.js';
import { fail, financeCountries, graphql, say } from './api.js';
import { amount, byId, count, h, plural, show, table, values } from './dom.js';
import { openCreateRule } from './rule-form.js';

const SUGGESTIONS =
  'query OrganisationSuggestions($country: String!, $limit: Int!) { organisationSuggestions(country: $country, limit: $limit) {' +
  ' sourceScheme sourceCode name activities unmapped { currency amount } suggestions { code name score matchedOn } } }';

let started = false;
let asked = 0;
/** country code → its administrative segment id (what an organisation rule targets). */
const administrative = new Map<string, string>();

async function fillCountries(): Promise<void> {
  const select = byId('organisations-country', HTMLSelectElement);
  try {
    for (const country of await financeCountries()) {
      const segment = country.segments.find((s) => s.kind === 'administrative');
      if (!segment) continue;
      administrative.set(country.code, segment.id);
      select.append(h('option', { value: country.code }, country.code + ' — ' + country.name));
    }
  } catch (failure) {
    fail(failure, 'Reading the countries');
  }
}

function approve(country: string, organisation: UnmappedOrganisationShape, suggestion: EntitySuggestionShape): void {
  const who = organisation.name || organisation.sourceCode;
  openCreateRule(
    {
      country,
      sourceScheme: organisation.sourceScheme,
      sourceCode: organisation.sourceCode,
      targetScheme: 'coa:' + administrative.get(country),
      targetCode: suggestion.code,
      share: '100',
      reason: who + ' is ' + suggestion.name + ' (' + suggestion.code + '): suggestion approved',
    },
    'Approving: ' +
      who +
      ' → ' +
      suggestion.name +
      ' (' +
      suggestion.code +
      '), a ' +
      suggestion.matchedOn +
      ' match scoring ' +
      suggestion.score.toFixed(2) +
      '. Check the reason, then create the rule.',
  );
}

function suggestionsOf(country: string, organisation: UnmappedOrganisationShape): HTMLElement {
  if (organisation.suggestions.length === 0) return h('span', { class: 'empty' }, 'no entity’s name is close');
  return h(
    'ul',
    { class: 'suggestions' },
    organisation.suggestions.map((s) =>
      h(
        'li',
        null,
        h('span', null, s.code + ' ' + s.name + ' (' + s.score.toFixed(2) + (s.matchedOn === 'alias' ? ', alias' : '') + ')'),
        h(
          'button',
          {
            type: 'button',
            'aria-label': 'Approve ' + s.name + ' for ' + (organisation.name || organisation.sourceCode),
            onclick: () => approve(country, organisation, s),
          },
          'Approve…',
        ),
      ),
    ),
  );
}

function organisationsTable(country: string, list: UnmappedOrganisationShape[]): HTMLElement {
  if (list.length === 0) return h('p', { class: 'empty' }, 'Every organisation with money in ' + country + ' is mapped.');
  return table(
    'Unmapped organisations in ' + country + ', the most money first',
    [
      { label: 'Organisation' },
      { label: 'Mapped by' },
      { label: 'Unmapped money', numeric: true },
      { label: 'Activities', numeric: true },
      { label: 'Suggested national entities' },
    ],
    list.map((o) => [
      o.name || o.sourceCode,
      o.sourceScheme + (o.sourceScheme === 'org-ref' ? ' ' + o.sourceCode : ''),
      h(
        'span',
        null,
        o.unmapped.map((m, i) => [i ? h('br', null) : null, m.currency + ' ' + amount(m.amount)]),
      ),
      count(o.activities),
      suggestionsOf(country, o),
    ]),
    'organisations',
  );
}

async function refresh(quiet?: boolean): Promise<void> {
  const given = values(byId('organisations-form', HTMLFormElement));
  if (!given.country) {
    show(byId('organisations-result'), h('p', { class: 'empty' }, 'No country has an administrative segment.'));
    return;
  }
  const mine = ++asked;
  if (!quiet) say('Reading the unmapped organisations of ' + given.country + '…', 'busy');
  try {
    const list = (
      await graphql<{ organisationSuggestions: UnmappedOrganisationShape[] }>(SUGGESTIONS, {
        country: given.country,
        limit: Number(given.limit || 20),
      })
    ).organisationSuggestions;
    if (mine !== asked) return;
    show(byId('organisations-result'), organisationsTable(given.country, list));
    if (!quiet) say(plural(list.length, 'unmapped organisation') + ' in ' + given.country + '.', 'ok');
  } catch (failure) {
    if (mine === asked) fail(failure, 'Reading the organisations');
  }
}

export async function showOrganisations(): Promise<void> {
  if (started) return;
  started = true;
  byId('organisations-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  document.addEventListener('mappings-changed', () => void refresh(true));
  await fillCountries();
  await refresh();
}
