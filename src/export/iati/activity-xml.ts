import { AID_TYPE_LISTS, BUDGET_ITEM_LISTS, REGION_LISTS, SECTOR_LISTS } from '../../../connectors/iati/validate.js';
import type { Narrative } from '../../../connectors/iati/types.js';
import type { ExportReport, ReportContents } from '../../aid/export-reports.js';
import type { IatiPublisher } from '../../config.js';
import type { ChartPlacement } from '../../mapping/chart-placements.js';
import { CodeFilter } from './codes.js';
import { attributes, element, xmlText } from '../xml-text.js';

/** One report's rows of each part (what `reportContents` read, split by report). */
export type ActivityParts = { readonly [K in keyof ReportContents]: ReportContents[K] };

/** The activity as IATI 2.03 XML, or why it cannot be one (a part the schema requires is missing). */
export type ActivityXml =
  | {
      readonly xml: string;
      /** Transactions left out: without a type (2.03 requires one) or a type outside the codelist. */
      readonly skippedTransactions: number;
      readonly titleAsDescription: boolean;
      /** Codes outside today's IATI codelists, left out. */
      readonly droppedCodes: number;
    }
  | { readonly missing: string };

/** IATI's BudgetIdentifierVocabulary 2: the recipient country's chart of accounts. */
export const CHART_OF_ACCOUNTS_VOCABULARY = '2';

const narrative = (n: Narrative) => `<narrative${attributes({ 'xml:lang': n.lang })}>${xmlText(n.text)}</narrative>`;
const narratives = (list: readonly Narrative[]) => list.map(narrative).join('');
const named = (name: string | null) => (name === null ? '' : narrative({ lang: null, text: name }));
const described = (text: string | null) => (text === null ? '' : `<description>${named(text)}</description>`);
/** An element with only a `code`, when there is one. */
const coded = (tag: string, code: string | null) => (code === null ? '' : element(tag, { code }));
const value = (amount: string, currency: string, date: string) => element('value', { currency, 'value-date': date }, amount);

interface Org {
  readonly ref: string | null;
  readonly name: string | null;
  readonly type: string | null;
  readonly activityId: string | null;
}

function org(codes: CodeFilter, tag: 'provider-org' | 'receiver-org', o: Org): string {
  if (o.ref === null && o.name === null && o.activityId === null) return '';
  const attrs = { ref: o.ref, [tag === 'provider-org' ? 'provider-activity-id' : 'receiver-activity-id']: o.activityId };
  return element(tag, { ...attrs, type: codes.code('OrganisationType', o.type) }, named(o.name));
}

function activityDates(r: ExportReport): string {
  const dates: [string, string | null][] = [
    ['1', r.plannedStart],
    ['2', r.actualStart],
    ['3', r.plannedEnd],
    ['4', r.actualEnd],
  ];
  return dates.map(([type, date]) => (date === null ? '' : element('activity-date', { type, 'iso-date': date }))).join('');
}

/** The chart codes the hub places the activity in; else what the publisher reported (one vocabulary, as IATI allows). */
function countryBudgetItems(codes: CodeFilter, placements: readonly ChartPlacement[], reported: ActivityParts['budgetItems']): string {
  if (placements.length > 0) {
    const items = placements.map((p) => element('budget-item', { code: p.code, percentage: p.share }, described(p.name)));
    return element('country-budget-items', { vocabulary: CHART_OF_ACCOUNTS_VOCABULARY }, items.join(''));
  }
  const kept = reported.filter((item) => codes.item('BudgetIdentifierVocabulary', BUDGET_ITEM_LISTS, item));
  const vocabulary = kept[0]?.vocabulary;
  if (vocabulary === undefined) return '';
  const items = kept
    .filter((item) => item.vocabulary === vocabulary)
    .map((item) => element('budget-item', { code: item.code, percentage: item.percentage }, described(item.description)));
  return element('country-budget-items', { vocabulary }, items.join(''));
}

function sectors(codes: CodeFilter, rows: ActivityParts['sectors'], withPercentage: boolean): string {
  return rows
    .filter((s) => codes.item('SectorVocabulary', SECTOR_LISTS, s))
    .map((s) =>
      element('sector', { vocabulary: s.vocabulary, code: s.code, percentage: withPercentage ? s.percentage : null }, named(s.name)),
    )
    .join('');
}

const aidTypes = (codes: CodeFilter, tag: string, items: ExportReport['defaultAidTypes']) =>
  items
    .filter((a) => codes.item('AidTypeVocabulary', AID_TYPE_LISTS, a))
    .map((a) => element(tag, { code: a.code, vocabulary: a.vocabulary }))
    .join('');

function transactions(codes: CodeFilter, parts: ActivityParts): { xml: string; skipped: number } {
  let xml = '';
  let skipped = 0;
  for (const t of parts.transactions) {
    // IATI 2.03 requires a transaction type; the hub keeps untyped 2.0x transactions as published.
    const type = codes.code('TransactionType', t.type);
    if (type === null) {
      skipped += 1;
      continue;
    }
    xml += element(
      'transaction',
      { ref: t.ref, humanitarian: t.humanitarian },
      element('transaction-type', { code: type }) +
        element('transaction-date', { 'iso-date': t.date }) +
        value(t.value, t.currency, t.valueDate ?? t.date) +
        described(t.description) +
        org(codes, 'provider-org', { ref: t.providerRef, name: t.providerName, type: t.providerType, activityId: t.providerActivityId }) +
        org(codes, 'receiver-org', { ref: t.receiverRef, name: t.receiverName, type: t.receiverType, activityId: t.receiverActivityId }) +
        coded('disbursement-channel', codes.code('DisbursementChannel', t.disbursementChannel)) +
        sectors(
          codes,
          parts.sectors.filter((s) => s.transactionId === t.id),
          false,
        ) +
        coded('recipient-country', codes.code('Country', t.recipientCountry)) +
        coded('recipient-region', codes.code('Region', t.recipientRegion)) +
        coded('flow-type', codes.code('FlowType', t.flowType)) +
        coded('finance-type', codes.code('FinanceType', t.financeType)) +
        aidTypes(codes, 'aid-type', t.aidTypes) +
        coded('tied-status', codes.code('TiedStatus', t.tiedStatus)),
    );
  }
  return { xml, skipped };
}

function money(codes: CodeFilter, parts: ActivityParts): string {
  const budgets = parts.budgets.map((b) =>
    element(
      'budget',
      { type: codes.code('BudgetType', b.type), status: codes.code('BudgetStatus', b.status) },
      element('period-start', { 'iso-date': b.periodStart }) +
        element('period-end', { 'iso-date': b.periodEnd }) +
        value(b.value, b.currency, b.valueDate ?? b.periodStart),
    ),
  );
  const planned = parts.planned.map((p) =>
    element(
      'planned-disbursement',
      { type: codes.code('BudgetType', p.type) },
      element('period-start', { 'iso-date': p.periodStart }) +
        (p.periodEnd === null ? '' : element('period-end', { 'iso-date': p.periodEnd })) +
        value(p.value, p.currency, p.valueDate ?? p.periodStart) +
        org(codes, 'provider-org', { ref: p.providerRef, name: p.providerName, type: p.providerType, activityId: p.providerActivityId }) +
        org(codes, 'receiver-org', { ref: p.receiverRef, name: p.receiverName, type: p.receiverType, activityId: p.receiverActivityId }),
    ),
  );
  return budgets.join('') + planned.join('');
}

function participants(codes: CodeFilter, parts: ActivityParts): string {
  return parts.participants
    .map((p) => ({ ...p, role: codes.code('OrganisationRole', p.role) }))
    .filter((p) => p.role !== null)
    .map((p) =>
      element(
        'participating-org',
        {
          ref: p.ref,
          type: codes.code('OrganisationType', p.type),
          role: p.role,
          'activity-id': p.activityId,
          'crs-channel-code': p.crsChannelCode,
        },
        named(p.name),
      ),
    )
    .join('');
}

/**
 * One `<iati-activity>` as the hub republishes it: the authoritative report's content under the
 * hub's own reporting-org (a secondary reporter), with the chart codes the rules place it in as
 * country-budget-items. Element order is the 2.03 schema's sequence.
 */
export function activityXml(
  r: ExportReport,
  parts: ActivityParts,
  placements: readonly ChartPlacement[],
  publisher: IatiPublisher,
): ActivityXml {
  const codes = new CodeFilter();
  const published = r.descriptions.filter((d) => d.narratives.length > 0);
  // IATI 2.03 requires a description that 1.0x publishers often left out: the title stands in (a general description).
  const descriptions = published.length > 0 ? published : [{ type: '1', narratives: r.titles }];
  const dates = activityDates(r);
  const organisations = participants(codes, parts);
  const status = codes.code('ActivityStatus', r.status);
  if (r.titles.length === 0) return { missing: 'title' };
  if (organisations === '') return { missing: 'participating-org' };
  if (status === null) return { missing: 'activity-status' };
  if (dates === '') return { missing: 'activity-date' };
  const { xml: transactionsXml, skipped } = transactions(codes, parts);
  const body =
    element('iati-identifier', {}, xmlText(r.iatiIdentifier)) +
    element('reporting-org', { ref: publisher.ref, type: publisher.type, 'secondary-reporter': true }, named(publisher.name)) +
    `<title>${narratives(r.titles)}</title>` +
    descriptions.map((d) => element('description', { type: codes.code('DescriptionType', d.type) }, narratives(d.narratives))).join('') +
    organisations +
    element('activity-status', { code: status }) +
    dates +
    parts.countries
      .filter((c) => codes.code('Country', c.code) !== null)
      .map((c) => element('recipient-country', { code: c.code, percentage: c.percentage }))
      .join('') +
    parts.regions
      .filter((g) => codes.item('RegionVocabulary', REGION_LISTS, g))
      .map((g) => element('recipient-region', { code: g.code, vocabulary: g.vocabulary, percentage: g.percentage }))
      .join('') +
    sectors(
      codes,
      parts.sectors.filter((s) => s.transactionId === null),
      true,
    ) +
    countryBudgetItems(codes, placements, parts.budgetItems) +
    coded('collaboration-type', codes.code('CollaborationType', r.collaborationType)) +
    coded('default-flow-type', codes.code('FlowType', r.defaultFlowType)) +
    coded('default-finance-type', codes.code('FinanceType', r.defaultFinanceType)) +
    aidTypes(codes, 'default-aid-type', r.defaultAidTypes) +
    coded('default-tied-status', codes.code('TiedStatus', r.defaultTiedStatus)) +
    money(codes, parts) +
    (r.capitalSpend === null ? '' : element('capital-spend', { percentage: r.capitalSpend })) +
    transactionsXml +
    parts.related
      .map((a) => ({ ...a, type: codes.code('RelatedActivityType', a.type) }))
      .filter((a) => a.type !== null)
      .map((a) => element('related-activity', { ref: a.ref, type: a.type }))
      .join('');
  const attrs = { 'last-updated-datetime': r.lastUpdated, 'xml:lang': r.defaultLang, humanitarian: r.humanitarian, hierarchy: r.hierarchy };
  return {
    xml: `<iati-activity${attributes(attrs)}>${body}</iati-activity>\n`,
    skippedTransactions: skipped,
    titleAsDescription: published.length === 0,
    droppedCodes: codes.dropped,
  };
}
