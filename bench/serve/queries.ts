/**
 * The three reads of issue 12, each said three ways — through the hub, through PostGraphile v5
 * (amber preset plus the SQL functions of postgraphile.ts), and as one hand-written SQL statement
 * returning the answer as JSON — and a normaliser per way, so the bench can check that all three
 * return the same data before timing them.
 */

/** Kenya, 2020–21: the country/date filter of the third query. */
export const KENYA = { country: 'KE', activeFrom: '2020-01-01', activeTo: '2021-12-31' } as const;

/** The first query's page size, and the third's (every match fits in one page). */
export const PAGE = 100;
export const FILTER_PAGE = 1000;

export type QueryName = 'page' | 'activity' | 'kenya';
export const QUERY_NAMES: readonly QueryName[] = ['page', 'activity', 'kenya'];
export const QUERY_LABELS: Readonly<Record<QueryName, string>> = {
  page: '100 activities with sectors and transactions',
  activity: 'one activity, everything nested',
  kenya: 'Kenya 2020–21 with transaction totals',
};

export interface GraphqlRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const HUB_SECTOR = 'sectors { vocabulary { code } code { code } percentage }';
const HUB_TRANSACTION = 'type { code } date value currency';
const HUB_TOTALS = 'transactionTotals { type currency value count }';

/** What the hub is asked (the README's shapes: Code objects, Decimal strings, Date strings). */
export function hubRequest(name: QueryName, identifier: string): GraphqlRequest {
  switch (name) {
    case 'page':
      return {
        query: `query Page($first: Int!) { activities(first: $first) { nodes { iatiIdentifier ${HUB_SECTOR} transactions { ${HUB_TRANSACTION} } } } }`,
        variables: { first: PAGE },
      };
    case 'activity':
      return {
        query: `query One($id: ID!) { activity(iatiIdentifier: $id) {
          iatiIdentifier reportingOrg { ref name } dates { start end }
          recipientCountries { country { code } percentage } ${HUB_SECTOR}
          participatingOrgs { ref name role { code } }
          transactions { ${HUB_TRANSACTION} provider { ref name } receiver { ref name } }
          budgets { periodStart periodEnd value currency } ${HUB_TOTALS} } }`,
        variables: { id: identifier },
      };
    case 'kenya':
      return {
        query: `query Kenya($filter: ActivityFilter!, $first: Int!) { activities(filter: $filter, first: $first) {
          totalCount nodes { iatiIdentifier ${HUB_TOTALS} } } }`,
        variables: {
          filter: { recipientCountry: [KENYA.country], activeFrom: KENYA.activeFrom, activeTo: KENYA.activeTo },
          first: FILTER_PAGE,
        },
      };
  }
}

const PGL_SECTORS =
  'aidSectorsByReportId(condition: { transactionId: null }, orderBy: PRIMARY_KEY_ASC) { nodes { vocabulary code percentage } }';
const PGL_TRANSACTION = 'type date value currency';
const PGL_TOTALS = 'transactionTotals { nodes { type currency value count } }';

/** The same reads through PostGraphile's generated schema (amber preset) and the bench's functions. */
export function postgraphileRequest(name: QueryName, identifier: string): GraphqlRequest {
  switch (name) {
    case 'page':
      return {
        query: `query Page($first: Int!) { allAidActivities(first: $first, orderBy: IATI_IDENTIFIER_ASC) { nodes { iatiIdentifier
          aidActivityReportByAuthoritativeReportId { ${PGL_SECTORS}
            aidTransactionsByReportId(orderBy: SEQ_ASC) { nodes { ${PGL_TRANSACTION} } } } } } }`,
        variables: { first: PAGE },
      };
    case 'activity':
      return {
        query: `query One($id: String!) { aidActivityByIatiIdentifier(iatiIdentifier: $id) { iatiIdentifier
          aidActivityReportByAuthoritativeReportId {
            reportingOrgRef reportingOrgName startDate endDate
            aidRecipientCountriesByReportId(orderBy: PRIMARY_KEY_ASC) { nodes { code percentage } } ${PGL_SECTORS}
            aidParticipatingOrgsByReportId(orderBy: PRIMARY_KEY_ASC) { nodes { ref name role } }
            aidTransactionsByReportId(orderBy: SEQ_ASC) { nodes { ${PGL_TRANSACTION} providerRef providerName receiverRef receiverName } }
            aidBudgetsByReportId(orderBy: PRIMARY_KEY_ASC) { nodes { periodStart periodEnd value currency } } ${PGL_TOTALS} } } }`,
        variables: { id: identifier },
      };
    case 'kenya':
      return {
        query: `query Kenya($countries: [String]!, $from: Date!, $to: Date!, $first: Int!) {
          activitiesIn(countries: $countries, activeFrom: $from, activeTo: $to, first: $first) {
            totalCount nodes { iatiIdentifier aidActivityReportByAuthoritativeReportId { ${PGL_TOTALS} } } } }`,
        variables: { countries: [KENYA.country], from: KENYA.activeFrom, to: KENYA.activeTo, first: FILTER_PAGE },
      };
  }
}

const SQL_SECTORS = `(select coalesce(json_agg(json_build_object('vocabulary', s.vocabulary, 'code', s.code, 'percentage', s.percentage::text) order by s.seq), '[]')
    from aid_sector s where s.report_id = r.id and s.transaction_id is null)`;
const SQL_TOTALS = `(select coalesce(json_agg(json_build_object('type', x.type, 'currency', x.currency, 'value', x.value::text, 'count', x.count) order by x.type, x.currency), '[]')
    from (select type, currency, sum(value) as value, count(*)::int as count from aid_transaction where report_id = r.id group by type, currency) x)`;

/**
 * One statement per read, its answer built as JSON by PostgreSQL (what a careful hand-written
 * endpoint would send), with the same rows, order and exact decimals as the hub. `$1` is the
 * activity's identifier for the second read.
 */
export function sqlStatement(name: QueryName): { readonly text: string; readonly values: (name: string) => unknown[] } {
  switch (name) {
    case 'page':
      return {
        text: `select coalesce(json_agg(json_build_object('iatiIdentifier', r.iati_identifier, 'sectors', ${SQL_SECTORS},
            'transactions', (select coalesce(json_agg(json_build_object('type', t.type, 'date', t.date, 'value', t.value::text, 'currency', t.currency) order by t.seq), '[]')
              from aid_transaction t where t.report_id = r.id)) order by r.iati_identifier), '[]') as answer
          from (select a.iati_identifier, r.id from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id
            order by a.iati_identifier limit ${PAGE}) r`,
        values: () => [],
      };
    case 'activity':
      return {
        text: `select json_build_object('iatiIdentifier', a.iati_identifier, 'reportingOrgRef', r.reporting_org_ref, 'reportingOrgName', r.reporting_org_name,
            'start', r.start_date, 'end', r.end_date,
            'countries', (select coalesce(json_agg(json_build_object('code', c.code, 'percentage', c.percentage::text) order by c.seq), '[]') from aid_recipient_country c where c.report_id = r.id),
            'sectors', ${SQL_SECTORS},
            'orgs', (select coalesce(json_agg(json_build_object('ref', p.ref, 'name', p.name, 'role', p.role) order by p.seq), '[]') from aid_participating_org p where p.report_id = r.id),
            'transactions', (select coalesce(json_agg(json_build_object('type', t.type, 'date', t.date, 'value', t.value::text, 'currency', t.currency,
                'providerRef', t.provider_ref, 'providerName', t.provider_name, 'receiverRef', t.receiver_ref, 'receiverName', t.receiver_name) order by t.seq), '[]')
              from aid_transaction t where t.report_id = r.id),
            'budgets', (select coalesce(json_agg(json_build_object('periodStart', b.period_start, 'periodEnd', b.period_end, 'value', b.value::text, 'currency', b.currency) order by b.seq), '[]')
              from aid_budget b where b.report_id = r.id),
            'totals', ${SQL_TOTALS}) as answer
          from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id where a.iati_identifier = $1`,
        values: (identifier) => [identifier],
      };
    case 'kenya':
      return {
        text: `select json_build_object('totalCount', count(*), 'nodes', coalesce(json_agg(json_build_object('iatiIdentifier', m.iati_identifier, 'totals', ${SQL_TOTALS.replaceAll('r.id', 'm.id')})
            order by m.iati_identifier), '[]')) as answer
          from (select a.iati_identifier, r.id from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id
            where r.id in (select c.report_id from aid_recipient_country c where c.code = $1 union all select t.report_id from aid_transaction t where t.recipient_country = $1)
              and coalesce(r.end_date, r.start_date) >= $2::date and coalesce(r.start_date, r.end_date) <= $3::date
            order by a.iati_identifier limit ${FILTER_PAGE}) m`,
        values: () => [KENYA.country, KENYA.activeFrom, KENYA.activeTo],
      };
  }
}

// ---- normalising: every way's answer to one plain shape -------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { readonly [key: string]: Json };

const obj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const nodes = (value: Json | undefined): Json[] => list(obj(value).nodes);
const code = (value: Json | undefined): Json => (value && typeof value === 'object' ? (obj(value).code ?? null) : (value ?? null));
const text = (value: Json | undefined): Json => (value === undefined ? null : value);

const sector = (s: Json) => [code(obj(s).vocabulary), code(obj(s).code), text(obj(s).percentage)];
const transaction = (t: Json) => [code(obj(t).type), text(obj(t).date), text(obj(t).value), text(obj(t).currency)];
const total = (t: Json) => [text(obj(t).type), text(obj(t).currency), text(obj(t).value), text(obj(t).count)];
/** The hub's totals come in its own order; every way is compared by type, then currency. */
const totals = (rows: Json[]) =>
  rows.map(total).sort((a, b) => String(a[0] ?? '').localeCompare(String(b[0] ?? '')) || String(a[1]).localeCompare(String(b[1])));

/** The hub's answer (`data`) as the plain shape. */
export function normaliseHub(name: QueryName, data: Json): Json {
  const d = obj(data);
  switch (name) {
    case 'page':
      return nodes(d.activities).map((a) => ({
        id: text(obj(a).iatiIdentifier),
        sectors: list(obj(a).sectors).map(sector),
        transactions: list(obj(a).transactions).map(transaction),
      }));
    case 'activity': {
      const a = obj(d.activity);
      return {
        id: text(a.iatiIdentifier),
        org: [text(obj(a.reportingOrg).ref), text(obj(a.reportingOrg).name)],
        dates: [text(obj(a.dates).start), text(obj(a.dates).end)],
        countries: list(a.recipientCountries).map((c) => [code(obj(c).country), text(obj(c).percentage)]),
        sectors: list(a.sectors).map(sector),
        orgs: list(a.participatingOrgs).map((p) => [text(obj(p).ref), text(obj(p).name), code(obj(p).role)]),
        transactions: list(a.transactions).map((t) => [
          ...transaction(t),
          text(obj(obj(t).provider).ref),
          text(obj(obj(t).provider).name),
          text(obj(obj(t).receiver).ref),
          text(obj(obj(t).receiver).name),
        ]),
        budgets: list(a.budgets).map((b) => [text(obj(b).periodStart), text(obj(b).periodEnd), text(obj(b).value), text(obj(b).currency)]),
        totals: totals(list(a.transactionTotals)),
      };
    }
    case 'kenya':
      return {
        totalCount: text(obj(d.activities).totalCount),
        nodes: nodes(d.activities).map((a) => ({ id: text(obj(a).iatiIdentifier), totals: totals(list(obj(a).transactionTotals)) })),
      };
  }
}

/** PostGraphile's answer (`data`) as the plain shape. */
export function normalisePostgraphile(name: QueryName, data: Json): Json {
  const d = obj(data);
  const report = (a: Json) => obj(obj(a).aidActivityReportByAuthoritativeReportId);
  switch (name) {
    case 'page':
      return nodes(d.allAidActivities).map((a) => ({
        id: text(obj(a).iatiIdentifier),
        sectors: nodes(report(a).aidSectorsByReportId).map(sector),
        transactions: nodes(report(a).aidTransactionsByReportId).map(transaction),
      }));
    case 'activity': {
      const a = obj(d.aidActivityByIatiIdentifier);
      const r = report(a);
      return {
        id: text(a.iatiIdentifier),
        org: [text(r.reportingOrgRef), text(r.reportingOrgName)],
        dates: [text(r.startDate), text(r.endDate)],
        countries: nodes(r.aidRecipientCountriesByReportId).map((c) => [text(obj(c).code), text(obj(c).percentage)]),
        sectors: nodes(r.aidSectorsByReportId).map(sector),
        orgs: nodes(r.aidParticipatingOrgsByReportId).map((p) => [text(obj(p).ref), text(obj(p).name), text(obj(p).role)]),
        transactions: nodes(r.aidTransactionsByReportId).map((t) => [
          ...transaction(t),
          text(obj(t).providerRef),
          text(obj(t).providerName),
          text(obj(t).receiverRef),
          text(obj(t).receiverName),
        ]),
        budgets: nodes(r.aidBudgetsByReportId).map((b) => [
          text(obj(b).periodStart),
          text(obj(b).periodEnd),
          text(obj(b).value),
          text(obj(b).currency),
        ]),
        totals: totals(nodes(r.transactionTotals)),
      };
    }
    case 'kenya':
      return {
        totalCount: text(obj(d.activitiesIn).totalCount),
        nodes: nodes(d.activitiesIn).map((a) => ({ id: text(obj(a).iatiIdentifier), totals: totals(nodes(report(a).transactionTotals)) })),
      };
  }
}

/** The hand-written statement's JSON answer as the plain shape. */
export function normaliseSql(name: QueryName, answer: Json): Json {
  switch (name) {
    case 'page':
      return list(answer).map((a) => ({
        id: text(obj(a).iatiIdentifier),
        sectors: list(obj(a).sectors).map(sector),
        transactions: list(obj(a).transactions).map(transaction),
      }));
    case 'activity': {
      const a = obj(answer);
      return {
        id: text(a.iatiIdentifier),
        org: [text(a.reportingOrgRef), text(a.reportingOrgName)],
        dates: [text(a.start), text(a.end)],
        countries: list(a.countries).map((c) => [text(obj(c).code), text(obj(c).percentage)]),
        sectors: list(a.sectors).map(sector),
        orgs: list(a.orgs).map((p) => [text(obj(p).ref), text(obj(p).name), text(obj(p).role)]),
        transactions: list(a.transactions).map((t) => [
          ...transaction(t),
          text(obj(t).providerRef),
          text(obj(t).providerName),
          text(obj(t).receiverRef),
          text(obj(t).receiverName),
        ]),
        budgets: list(a.budgets).map((b) => [text(obj(b).periodStart), text(obj(b).periodEnd), text(obj(b).value), text(obj(b).currency)]),
        totals: totals(list(a.totals)),
      };
    }
    case 'kenya':
      return {
        totalCount: text(obj(answer).totalCount),
        nodes: list(obj(answer).nodes).map((a) => ({ id: text(obj(a).iatiIdentifier), totals: totals(list(obj(a).totals)) })),
      };
  }
}

export type { Json };
