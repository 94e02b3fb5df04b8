import { sql } from 'kysely';
import type { RegistryBatch } from '../../../connectors/registry/types.js';
import { kysely, type EntityManager } from '../../db/orm.js';
import { inChunks } from '../../db/table-spec.js';
import { hashNationalId } from '../national-id.js';

export interface RegistryLoadCounts {
  readonly programmes: number;
  readonly areas: number;
  readonly households: number;
  readonly individuals: number;
  readonly enrolments: number;
  readonly payments: number;
  readonly grievances: number;
  /** Households and individuals the source held before and this batch no longer has. */
  readonly removed: number;
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * Replaces what `source` holds with `batch`, in the caller's transaction: programmes and areas are
 * upserted (shared reference), people and households keep their ids across re-imports (upserted by
 * key), and links (memberships, enrolments, payments, grievances, changes) are rewritten. National
 * IDs are hashed under `hashKey` here, before anything is written.
 */
export async function loadRegistryBatch(
  em: EntityManager,
  source: string,
  batch: RegistryBatch,
  hashKey: string,
): Promise<RegistryLoadCounts> {
  const db = kysely(em);
  await inChunks(batch.programmes, (rows) =>
    sql`insert into reg_programme (code, source, name, targeting, transfer_type, currency, ceiling_per_beneficiary, country)
      select r->>'code', ${source}, r->>'name', r->>'targeting', r->>'transferType', r->>'currency', (r->>'ceilingPerBeneficiary')::numeric, r->>'country'
      from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (code) do update set source = excluded.source, name = excluded.name, targeting = excluded.targeting, transfer_type = excluded.transfer_type,
        currency = excluded.currency, ceiling_per_beneficiary = excluded.ceiling_per_beneficiary, country = excluded.country`.execute(db),
  );
  await inChunks(batch.areas, (rows) =>
    sql`insert into reg_area (code, name, level, parent) select r->>'code', r->>'name', (r->>'level')::int, r->>'parent' from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (code) do update set name = excluded.name, level = excluded.level, parent = excluded.parent`.execute(db),
  );
  // Links first: they point at the households and people about to be replaced.
  for (const table of ['reg_membership', 'reg_household_change']) {
    await sql`delete from ${sql.table(table)} where household_id in (select id from reg_household where source = ${source})`.execute(db);
  }
  for (const table of ['reg_enrolment', 'reg_payment', 'reg_grievance'])
    await sql`delete from ${sql.table(table)} where source = ${source}`.execute(db);
  const households = sql.val(batch.households.map((h) => h.key));
  const people = sql.val(batch.individuals.map((i) => i.key));
  const gone = [
    await sql`delete from reg_household where source = ${source} and key <> all(${households}::text[])`.execute(db),
    await sql`delete from reg_individual where source = ${source} and key <> all(${people}::text[])`.execute(db),
  ].reduce((sum, result) => sum + Number(result.numAffectedRows ?? 0), 0);
  await inChunks(batch.households, (rows) =>
    sql`insert into reg_household (source, key, area_code) select ${source}, r->>'key', r->>'areaCode' from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (source, key) do update set area_code = excluded.area_code`.execute(db),
  );
  const persons = batch.individuals.map(({ nationalId, ...person }) => ({
    ...person,
    nationalIdHash: nationalId ? hashNationalId(hashKey, nationalId) : null,
  }));
  await inChunks(persons, (rows) =>
    sql`insert into reg_individual (source, key, given_name, family_name, sex, date_of_birth, national_id_hash, phone, area_code)
      select ${source}, r->>'key', r->>'givenName', r->>'familyName', r->>'sex', (r->>'dateOfBirth')::date, r->>'nationalIdHash', r->>'phone', r->>'areaCode'
      from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (source, key) do update set given_name = excluded.given_name, family_name = excluded.family_name, sex = excluded.sex,
        date_of_birth = excluded.date_of_birth, national_id_hash = excluded.national_id_hash, phone = excluded.phone, area_code = excluded.area_code`.execute(
      db,
    ),
  );
  const ids = sql`(select id from reg_household where source = ${source} and key = r->>'householdKey')`;
  const person = sql`(select id from reg_individual where source = ${source} and key = r->>'individualKey')`;
  await inChunks(batch.memberships, (rows) =>
    sql`insert into reg_membership (household_id, individual_id, role, recipient) select ${ids}, ${person}, r->>'role', (r->>'recipient')::boolean
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
  const household = sql`(select id from reg_household where source = ${source} and key = r->>'beneficiaryKey')`;
  const individual = sql`(select id from reg_individual where source = ${source} and key = r->>'beneficiaryKey')`;
  await inChunks(batch.enrolments, (rows) =>
    sql`insert into reg_enrolment (source, programme_code, household_id, individual_id, status, enrolled_on, exited_on)
      select ${source}, r->>'programmeCode', ${household}, ${individual}, r->>'status', (r->>'enrolledOn')::date, (r->>'exitedOn')::date
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
  await inChunks(batch.payments, (rows) =>
    sql`insert into reg_payment (source, key, programme_code, cycle, household_id, individual_id, amount, currency, due_date, paid_date, status, payment_point, provider, receipt)
      select ${source}, r->>'key', r->>'programmeCode', r->>'cycle', ${household}, ${individual}, (r->>'amount')::numeric, r->>'currency', (r->>'dueDate')::date,
        (r->>'paidDate')::date, r->>'status', r->>'paymentPoint', r->>'provider', r->>'receipt'
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
  await inChunks(batch.grievances, (rows) =>
    sql`insert into reg_grievance (source, key, programme_code, category, channel, priority, status, opened_on, closed_on, area_code)
      select ${source}, r->>'key', r->>'programmeCode', r->>'category', r->>'channel', r->>'priority', r->>'status', (r->>'openedOn')::date, (r->>'closedOn')::date, r->>'areaCode'
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
  await inChunks(batch.changes, (rows) =>
    sql`insert into reg_household_change (household_id, kind, "on") select ${ids}, r->>'kind', (r->>'on')::date from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(
      db,
    ),
  );
  return {
    programmes: batch.programmes.length,
    areas: batch.areas.length,
    households: batch.households.length,
    individuals: batch.individuals.length,
    enrolments: batch.enrolments.length,
    payments: batch.payments.length,
    grievances: batch.grievances.length,
    removed: gone,
  };
}
