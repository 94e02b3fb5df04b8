import { COUNTRY, type DemoLocation, type Org, type Text } from './catalogue.js';
import type { ActivityPlan, OrgLink, PeriodPlan, TransactionPlan } from './plan.js';
import { formatCents } from './random.js';
import { el, type XmlElement } from './xml.js';

/** Writes a planned activity as an IATI 2.03 `<iati-activity>`, elements in the schema's order. */
function narratives(text: Text): XmlElement[] {
  return [el('narrative', {}, text.en), ...(text.fr ? [el('narrative', { 'xml:lang': 'fr' }, text.fr)] : [])];
}

function orgElement(name: string, link: OrgLink, activityIdAttribute: string, extra: Record<string, string> = {}): XmlElement {
  const org: Org = link.org;
  return el(name, { ref: org.ref, type: org.type, ...extra, [activityIdAttribute]: link.activityId }, el('narrative', {}, org.name));
}

function value(money: { cents: number; currency: string }, valueDate: string): XmlElement {
  return el('value', { currency: money.currency, 'value-date': valueDate }, formatCents(money.cents));
}

function transaction(t: TransactionPlan): XmlElement {
  return el(
    'transaction',
    {},
    el('transaction-type', { code: t.type }),
    el('transaction-date', { 'iso-date': t.date }),
    value(t, t.date),
    t.description !== undefined && el('description', {}, el('narrative', {}, t.description)),
    orgElement('provider-org', t.provider, 'provider-activity-id'),
    t.receiver && orgElement('receiver-org', t.receiver, 'receiver-activity-id'),
    t.channel && el('disbursement-channel', { code: t.channel }),
  );
}

function period(p: PeriodPlan): XmlElement[] {
  return [el('period-start', { 'iso-date': p.start }), el('period-end', { 'iso-date': p.end }), value(p, p.start)];
}

function countryBudgetItems(plan: ActivityPlan): XmlElement | undefined {
  const items = plan.programme.budgetItems;
  if (!items) return undefined;
  return el(
    'country-budget-items',
    { vocabulary: '2' },
    items.map((item) =>
      el('budget-item', { code: item.code, percentage: item.percentage }, el('description', {}, el('narrative', {}, item.description))),
    ),
  );
}

function location(place: DemoLocation): XmlElement {
  return el(
    'location',
    {},
    el('location-reach', { code: place.reach }),
    el('name', {}, el('narrative', {}, place.name)),
    place.geonames && el('administrative', { vocabulary: 'G1', level: '1', code: place.geonames }),
    el('point', { srsName: 'http://www.opengis.net/def/crs/EPSG/0/4326' }, el('pos', {}, place.point.join(' '))),
    el('exactness', { code: '2' }),
    el('location-class', { code: '1' }),
  );
}

export function renderActivity(plan: ActivityPlan): XmlElement {
  const { programme, publisher } = plan;
  return el(
    'iati-activity',
    {
      'last-updated-datetime': plan.lastUpdated,
      'xml:lang': 'en',
      'default-currency': plan.currency,
      hierarchy: plan.hierarchy,
    },
    el('iati-identifier', {}, plan.identifier),
    el('reporting-org', { ref: publisher.org.ref, type: publisher.org.type }, el('narrative', {}, publisher.org.name)),
    el('title', {}, narratives(programme.title)),
    el('description', { type: '1' }, narratives(plan.description)),
    programme.objectives && el('description', { type: '2' }, narratives(programme.objectives)),
    plan.participating.map((p) => orgElement('participating-org', p, 'activity-id', { role: p.role })),
    el('activity-status', { code: plan.status }),
    plan.dates.map((d) => el('activity-date', { type: d.type, 'iso-date': d.date })),
    el('activity-scope', { code: '4' }),
    el('recipient-country', { code: COUNTRY, percentage: 100 }),
    (programme.locations ?? []).map(location),
    programme.sectors.map(([code, percentage]) => el('sector', { vocabulary: '1', code, percentage })),
    countryBudgetItems(plan),
    el('collaboration-type', { code: publisher.collaborationType }),
    el('default-flow-type', { code: '10' }),
    el('default-finance-type', { code: programme.financeType ?? publisher.financeType }),
    el('default-aid-type', { code: programme.aidType ?? 'C01', vocabulary: '1' }),
    el('default-tied-status', { code: '5' }),
    plan.budgets.map((b) => el('budget', { type: '1', status: b.status }, period(b))),
    plan.planned.map((p) =>
      el(
        'planned-disbursement',
        { type: '1' },
        period(p),
        orgElement('provider-org', p.provider, 'provider-activity-id'),
        orgElement('receiver-org', p.receiver, 'receiver-activity-id'),
      ),
    ),
    plan.transactions.map(transaction),
    plan.related.map((r) => el('related-activity', { ref: r.ref, type: r.type })),
  );
}
