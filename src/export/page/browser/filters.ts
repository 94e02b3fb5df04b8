/** The filter form: its choices filled from the hub, read as the graph's filter and as the download's query string. */
import { graphql } from '../../../mapping/admin/browser/api.js';
import { byId, h } from '../../../mapping/admin/browser/dom.js';
import { KINDS, type CountryShape, type Kind } from './shapes.js';

export interface Chosen {
  readonly filter: {
    country: string;
    fiscalYears: string[];
    treasury: string[];
    budget: string[];
    currency?: string;
  };
  readonly kind: Kind;
}

const form = (): HTMLFormElement => byId('budget-form', HTMLFormElement);

let countries: CountryShape[] = [];

/** A fiscal year's name from its start year: "2025/26" when it starts after January, else "2025". */
function yearLabel(start: number, startMonth: number): string {
  return startMonth === 1 ? String(start) : start + '/' + String((start + 1) % 100).padStart(2, '0');
}

function fillYears(): void {
  const country = countries.find((c) => c.code === byId('budget-country', HTMLSelectElement).value);
  const years = byId('budget-years', HTMLSelectElement);
  const now = new Date().getUTCFullYear();
  const starts = Array.from({ length: 12 }, (_, i) => now + 2 - i);
  years.replaceChildren(
    ...starts.map((start) => h('option', { value: String(start) }, yearLabel(start, country?.fiscalYearStartMonth ?? 1))),
  );
  byId('budget-currency', HTMLInputElement).placeholder = country?.currency ?? '';
}

/** The countries with a chart of accounts (the projection needs one), Malawi first when the hub has it. */
export async function setUpFilters(): Promise<void> {
  const data = await graphql<{ financeCountries: CountryShape[] }>('{ financeCountries { code name currency fiscalYearStartMonth } }');
  countries = data.financeCountries;
  const select = byId('budget-country', HTMLSelectElement);
  select.replaceChildren(...countries.map((c) => h('option', { value: c.code }, c.name + ' (' + c.code + ')')));
  if (countries.some((c) => c.code === 'MW')) select.value = 'MW';
  select.addEventListener('change', fillYears);
  fillYears();
}

export function chosen(): Chosen {
  const data = new FormData(form());
  const all = (name: string) => data.getAll(name).map(String);
  const currency = String(data.get('currency') || '').trim();
  const kind = String(data.get('kind') || 'disbursed') as Kind;
  return {
    filter: {
      country: String(data.get('country') || ''),
      fiscalYears: all('fy'),
      treasury: all('treasury'),
      budget: all('budget'),
      ...(currency ? { currency } : {}),
    },
    kind: KINDS.includes(kind) ? kind : 'disbursed',
  };
}

/** The same choices as the download's parameters (see /export/budget). */
export function downloadQuery(choice: Chosen, format: 'xlsx' | 'csv'): string {
  const query = new URLSearchParams({ country: choice.filter.country, format });
  for (const year of choice.filter.fiscalYears) query.append('fy', year);
  for (const value of choice.filter.treasury) query.append('treasury', value);
  for (const value of choice.filter.budget) query.append('budget', value);
  if (choice.filter.currency) query.set('currency', choice.filter.currency);
  return query.toString();
}
