import { sql } from 'kysely';
import DataLoader from 'dataloader';
import { grouped, perArguments, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import { programmesOfActivities, programmesUnderCodes } from './funding-query.js';
import { findAreas, findProgrammes } from './programme-query.js';
import type { DisclosurePolicy } from './disclosure/gate.js';
import { statisticsByProgramme, type ProgrammeStatisticsRequest } from './statistics/by-programme.js';
import type { StatisticsLimits } from './statistics/table.js';
import { householdsByIds, individualsByIds } from './records/query.js';
import { anyOf, registryDb } from './db.js';

/** The records' own key: a household's or a person's hub id. */
type Owner = 'household_id' | 'individual_id';

/** One set per request: records by id, and what hangs off them, each one query per batch of keys. */
export function createRegistryLoaders(em: EntityManager, policy: DisclosurePolicy, limits: StatisticsLimits) {
  const db = registryDb(em);
  const enrolments = (owner: Owner) =>
    grouped(
      (keys: readonly number[]) =>
        db
          .selectFrom('reg_enrolment')
          .select((eb) => [
            eb.ref(owner).as('owner'),
            'programme_code as programme',
            'status',
            eb.cast<string>('enrolled_on', 'text').as('enrolledOn'),
            eb.cast<string | null>('exited_on', 'text').as('exitedOn'),
          ])
          .where(owner, '=', anyOf(keys, 'int'))
          .orderBy('id')
          .execute(),
      (row) => row.owner ?? 0,
    );
  const payments = (owner: Owner) =>
    grouped(
      (keys: readonly number[]) =>
        db
          .selectFrom('reg_payment')
          .select((eb) => [
            eb.ref(owner).as('owner'),
            'id',
            'programme_code as programme',
            'cycle',
            eb.cast<string>('amount', 'text').as('amount'),
            'currency',
            eb.cast<string>('due_date', 'text').as('dueDate'),
            eb.cast<string | null>('paid_date', 'text').as('paidDate'),
            'status',
            'payment_point as paymentPoint',
            'provider',
            'receipt',
          ])
          .where(owner, '=', anyOf(keys, 'int'))
          .orderBy('due_date')
          .orderBy('id')
          .execute(),
      (row) => row.owner ?? 0,
    );
  return {
    programme: single(
      (codes: readonly string[]) => findProgrammes(em, codes),
      (row) => row.code,
    ),
    area: single(
      (codes: readonly string[]) => findAreas(em, { level: null, parent: null, codes }),
      (row) => row.code,
    ),
    funding: grouped(
      (codes: readonly string[]) =>
        db
          .selectFrom('reg_programme_funding as f')
          .innerJoin('reg_programme as p', 'p.code', 'f.programme_code')
          .select((eb) => [
            'f.programme_code as programmeCode',
            'p.country',
            'f.kind',
            'f.reference',
            'f.funder',
            eb.cast<string | null>('f.share', 'text').as('share'),
          ])
          .where('f.programme_code', '=', anyOf(codes, 'text'))
          .orderBy('f.programme_code')
          .orderBy(sql`f.share desc nulls last`)
          .orderBy('f.kind')
          .orderBy('f.reference')
          .execute(),
      (row) => row.programmeCode,
    ),
    /** By chart-code key `country|segment|code`: the programmes funded from it or a code below it. */
    programmesUnderCode: grouped(
      (keys: readonly string[]) => programmesUnderCodes(em, keys),
      (row) => row.key,
    ),
    programmesOfActivity: grouped(
      (identifiers: readonly string[]) => programmesOfActivities(em, identifiers),
      (row) => row.activity,
    ),
    /** A programme's statistics: one statistic over every programme asking the same, split by programme. */
    programmeStatistics: perArguments(
      ({ request, today }: { request: ProgrammeStatisticsRequest; today: string }) =>
        new DataLoader((codes: readonly string[]) => statisticsByProgramme(em, codes, request, policy, limits, today)),
    ),
    individual: single(
      (keys: readonly number[]) => individualsByIds(em, keys),
      (row) => Number(row.id),
    ),
    household: single(
      (keys: readonly number[]) => householdsByIds(em, keys),
      (row) => Number(row.id),
    ),
    members: grouped(
      (keys: readonly number[]) =>
        db
          .selectFrom('reg_membership')
          .select(['household_id as owner', 'individual_id as individualId', 'role', 'recipient'])
          .where('household_id', '=', anyOf(keys, 'int'))
          .orderBy(sql`(role = 'head') desc`)
          .orderBy('individual_id')
          .execute(),
      (row) => row.owner,
    ),
    enrolmentsOfIndividual: enrolments('individual_id'),
    enrolmentsOfHousehold: enrolments('household_id'),
    paymentsOfIndividual: payments('individual_id'),
    paymentsOfHousehold: payments('household_id'),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
