import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';

/**
 * The facts of a set of activities (their authoritative reports) as queries for the mapping
 * engine to embed as CTEs, so it can place every activity in a few set-based statements: each row
 * carries its activity id (and `seq`, the publisher's order). Only aid names aid's tables.
 */
export function activityFactSets(em: EntityManager, activityIds: readonly number[]) {
  const db = aidDb(em);
  const ids = sql<number[]>`${sql.val([...activityIds])}::int[]`;
  // Every part below is a join of these activities (`a`) to a table keyed by their authoritative report.
  const activities = db.selectFrom('aid_activity as a').where((eb) => eb('a.id', '=', eb.fn.any(ids)));
  return {
    reports: activities
      .innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id')
      .select(['a.id as activity_id', 'a.iati_identifier', 'r.default_aid_types', 'r.default_finance_type', 'r.default_flow_type']),
    sectors: activities
      .innerJoin('aid_sector as x', 'x.report_id', 'a.authoritative_report_id')
      .select(['a.id as activity_id', 'x.transaction_id', 'x.vocabulary', 'x.code', 'x.percentage', 'x.seq']),
    budgetItems: activities
      .innerJoin('aid_country_budget_item as x', 'x.report_id', 'a.authoritative_report_id')
      .select(['a.id as activity_id', 'x.vocabulary', 'x.code', 'x.percentage', 'x.seq']),
    orgs: activities
      .innerJoin('aid_participating_org as x', 'x.report_id', 'a.authoritative_report_id')
      .select(['a.id as activity_id', 'x.role', 'x.type', 'x.ref', 'x.name', 'x.seq']),
    transactions: activities
      .innerJoin('aid_transaction as x', 'x.report_id', 'a.authoritative_report_id')
      .select([
        'a.id as activity_id',
        'x.id',
        'x.seq',
        'x.type',
        'x.value',
        'x.currency',
        'x.receiver_ref',
        'x.receiver_name',
        'x.receiver_type',
        'x.disbursement_channel',
        'x.aid_types',
        'x.finance_type',
        'x.flow_type',
        'x.recipient_country',
      ]),
    countries: activities
      .innerJoin('aid_recipient_country as x', 'x.report_id', 'a.authoritative_report_id')
      .select(['a.id as activity_id', 'x.code']),
  };
}
