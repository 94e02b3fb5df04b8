import { sql, type Kysely } from 'kysely';
import type {
  AdminArea,
  Enrolment,
  Grievance,
  HouseholdChange,
  Membership,
  Payment,
  ProgrammeFunding,
  RegistryHousehold,
  RegistryIndividual,
  RegistryProgramme,
} from '../../../connectors/registry/types.js';
import { inChunks } from '../../db/table-spec.js';
import { anyOf, type RegistryDB } from '../db.js';
import { hashNationalId } from '../national-id.js';

/**
 * The registry tables' writes, shared by a whole import (batch.ts) and an incremental merge
 * (merge.ts). Rows travel as one jsonb array per chunk; households and individuals are upserted
 * by (source, key), so their ids survive; payments and grievances too (a whole import has
 * deleted them first, so it only inserts).
 */
type Db = Kysely<RegistryDB>;

const json = (rows: unknown[]) => JSON.stringify(rows);

export async function upsertProgrammes(db: Db, source: string, programmes: readonly RegistryProgramme[]): Promise<void> {
  await inChunks(programmes, (rows) =>
    sql`insert into reg_programme (code, source, name, targeting, transfer_type, currency, ceiling_per_beneficiary, country)
      select r->>'code', ${source}, r->>'name', r->>'targeting', r->>'transferType', r->>'currency', (r->>'ceilingPerBeneficiary')::numeric, r->>'country'
      from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (code) do update set source = excluded.source, name = excluded.name, targeting = excluded.targeting, transfer_type = excluded.transfer_type,
        currency = excluded.currency, ceiling_per_beneficiary = excluded.ceiling_per_beneficiary, country = excluded.country`.execute(db),
  );
}

/** The funding of every programme `funding` names replaces what the hub held for it; other programmes keep theirs. */
export async function replaceFunding(db: Db, funding: readonly ProgrammeFunding[]): Promise<void> {
  const programmes = [...new Set(funding.map((f) => f.programmeCode))];
  if (programmes.length === 0) return;
  await db.deleteFrom('reg_programme_funding').where('programme_code', '=', anyOf(programmes, 'text')).execute();
  await inChunks(funding, (rows) =>
    sql`insert into reg_programme_funding (programme_code, kind, reference, funder, share)
      select r->>'programmeCode', r->>'kind', r->>'reference', r->>'funder', (r->>'share')::numeric from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(
      db,
    ),
  );
}

export async function upsertAreas(db: Db, areas: readonly AdminArea[]): Promise<void> {
  await inChunks(areas, (rows) =>
    sql`insert into reg_area (code, name, level, parent) select r->>'code', r->>'name', (r->>'level')::int, r->>'parent' from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (code) do update set name = excluded.name, level = excluded.level, parent = excluded.parent`.execute(db),
  );
}

export async function upsertHouseholds(db: Db, source: string, households: readonly RegistryHousehold[]): Promise<void> {
  await inChunks(households, (rows) =>
    sql`insert into reg_household (source, key, area_code) select ${source}, r->>'key', r->>'areaCode' from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (source, key) do update set area_code = excluded.area_code`.execute(db),
  );
}

/** National IDs are hashed under `hashKey` here, before anything is written. */
export async function upsertIndividuals(
  db: Db,
  source: string,
  individuals: readonly RegistryIndividual[],
  hashKey: string,
): Promise<void> {
  const persons = individuals.map(({ nationalId, ...person }) => ({
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
}

const householdOf = (source: string, field: string) =>
  sql`(select id from reg_household where source = ${source} and key = r->>${sql.lit(field)})`;
const individualOf = (source: string, field: string) =>
  sql`(select id from reg_individual where source = ${source} and key = r->>${sql.lit(field)})`;

export async function insertMemberships(db: Db, source: string, memberships: readonly Membership[]): Promise<void> {
  await inChunks(memberships, (rows) =>
    sql`insert into reg_membership (household_id, individual_id, role, recipient)
      select ${householdOf(source, 'householdKey')}, ${individualOf(source, 'individualKey')}, r->>'role', (r->>'recipient')::boolean
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
}

export async function insertEnrolments(db: Db, source: string, enrolments: readonly Enrolment[]): Promise<void> {
  await inChunks(enrolments, (rows) =>
    sql`insert into reg_enrolment (source, programme_code, household_id, individual_id, status, enrolled_on, exited_on)
      select ${source}, r->>'programmeCode', ${householdOf(source, 'beneficiaryKey')}, ${individualOf(source, 'beneficiaryKey')}, r->>'status', (r->>'enrolledOn')::date, (r->>'exitedOn')::date
      from jsonb_array_elements(${json(rows)}::jsonb) r`.execute(db),
  );
}

/** Removes the enrolments that `enrolments` replace: the same source, programme and beneficiary. */
export async function deleteEnrolmentsOf(db: Db, source: string, enrolments: readonly Enrolment[]): Promise<void> {
  await inChunks(enrolments, (rows) =>
    sql`delete from reg_enrolment e using jsonb_array_elements(${json(rows)}::jsonb) r
      where e.source = ${source} and e.programme_code = r->>'programmeCode'
        and (e.household_id = ${householdOf(source, 'beneficiaryKey')} or e.individual_id = ${individualOf(source, 'beneficiaryKey')})`.execute(
      db,
    ),
  );
}

export async function upsertPayments(db: Db, source: string, payments: readonly Payment[]): Promise<void> {
  await inChunks(payments, (rows) =>
    sql`insert into reg_payment (source, key, programme_code, cycle, household_id, individual_id, amount, currency, due_date, paid_date, status, payment_point, provider, receipt)
      select ${source}, r->>'key', r->>'programmeCode', r->>'cycle', ${householdOf(source, 'beneficiaryKey')}, ${individualOf(source, 'beneficiaryKey')},
        (r->>'amount')::numeric, r->>'currency', (r->>'dueDate')::date, (r->>'paidDate')::date, r->>'status', r->>'paymentPoint', r->>'provider', r->>'receipt'
      from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (source, key) do update set programme_code = excluded.programme_code, cycle = excluded.cycle, household_id = excluded.household_id,
        individual_id = excluded.individual_id, amount = excluded.amount, currency = excluded.currency, due_date = excluded.due_date, paid_date = excluded.paid_date,
        status = excluded.status, payment_point = excluded.payment_point, provider = excluded.provider, receipt = excluded.receipt`.execute(
      db,
    ),
  );
}

export async function upsertGrievances(db: Db, source: string, grievances: readonly Grievance[]): Promise<void> {
  await inChunks(grievances, (rows) =>
    sql`insert into reg_grievance (source, key, programme_code, category, channel, priority, status, opened_on, closed_on, area_code)
      select ${source}, r->>'key', r->>'programmeCode', r->>'category', r->>'channel', r->>'priority', r->>'status', (r->>'openedOn')::date, (r->>'closedOn')::date, r->>'areaCode'
      from jsonb_array_elements(${json(rows)}::jsonb) r
      on conflict (source, key) do update set programme_code = excluded.programme_code, category = excluded.category, channel = excluded.channel,
        priority = excluded.priority, status = excluded.status, opened_on = excluded.opened_on, closed_on = excluded.closed_on, area_code = excluded.area_code`.execute(
      db,
    ),
  );
}

/** Appends household changes; with `skipKnown`, one already held (same household, kind and day) is not repeated. */
export async function insertChanges(db: Db, source: string, changes: readonly HouseholdChange[], skipKnown = false): Promise<void> {
  const known = skipKnown
    ? sql`where not exists (select 1 from reg_household_change c where c.household_id = ${householdOf(source, 'householdKey')} and c.kind = r->>'kind' and c."on" = (r->>'on')::date)`
    : sql``;
  await inChunks(changes, (rows) =>
    sql`insert into reg_household_change (household_id, kind, "on") select ${householdOf(source, 'householdKey')}, r->>'kind', (r->>'on')::date
      from jsonb_array_elements(${json(rows)}::jsonb) r ${known}`.execute(db),
  );
}

/** Removes the source's household changes the batch no longer holds (same household key, kind and day); the rest stay. */
export async function deleteChangesNotIn(db: Db, source: string, changes: readonly HouseholdChange[]): Promise<void> {
  const kept = json(changes.map((c) => ({ householdKey: c.householdKey, kind: c.kind, on: c.on })));
  await sql`delete from reg_household_change c using reg_household h
    where h.id = c.household_id and h.source = ${source}
      and not exists (select 1 from jsonb_array_elements(${kept}::jsonb) r where r->>'householdKey' = h.key and r->>'kind' = c.kind and (r->>'on')::date = c."on")`.execute(
    db,
  );
}
