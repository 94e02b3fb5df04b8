import type DataLoader from 'dataloader';
import { sql, type RawBuilder } from 'kysely';
import { grouped, select, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import { findAreas, findProgrammes } from './programme-query.js';
import { householdsByIds, individualsByIds } from './records/query.js';
import type { ProgrammeFundingSource } from './types/programme.type.js';
import type { HouseholdMember, RegistryEnrolment, RegistryPaymentRecord } from './types/records.type.js';

type Owned<T> = T & { owner: number };
type Member = Omit<HouseholdMember, 'individual'> & { individualId: number };

const ENROLMENT = sql`programme_code as programme, status, enrolled_on::text as "enrolledOn", exited_on::text as "exitedOn"`;
const PAYMENT = sql`id, programme_code as programme, cycle, amount::text as amount, currency, due_date::text as "dueDate", paid_date::text as "paidDate",
  status, payment_point as "paymentPoint", provider, receipt`;

/** One set per request: records by id, and what hangs off them, each one query per batch of keys. */
export function createRegistryLoaders(em: EntityManager) {
  /** The rows of `table` whose `owner` column (a household's or a person's id) is one of the keys. */
  const byOwner = <T>(
    table: string,
    owner: 'household_id' | 'individual_id',
    columns: RawBuilder<unknown>,
    order: string,
  ): DataLoader<number, Owned<T>[]> =>
    grouped(
      (keys: readonly number[]) =>
        select(
          em,
          sql<Owned<T>>`select ${sql.ref(owner)} as owner, ${columns} from ${sql.table(table)}
            where ${sql.ref(owner)} = any(${sql.val([...keys])}::int[]) order by ${sql.raw(order)}`,
        ),
      (row) => row.owner,
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
        select(
          em,
          sql<
            ProgrammeFundingSource & { programmeCode: string }
          >`select programme_code as "programmeCode", kind, reference, funder, share::text as share
            from reg_programme_funding where programme_code = any(${sql.val([...codes])}::text[]) order by programme_code, share desc nulls last, kind, reference`,
        ),
      (row) => row.programmeCode,
    ),
    individual: single(
      (keys: readonly number[]) => individualsByIds(em, keys),
      (row) => Number(row.id),
    ),
    household: single(
      (keys: readonly number[]) => householdsByIds(em, keys),
      (row) => Number(row.id),
    ),
    members: byOwner<Member>(
      'reg_membership',
      'household_id',
      sql`individual_id as "individualId", role, recipient`,
      `(role = 'head') desc, individual_id`,
    ),
    enrolmentsOfIndividual: byOwner<RegistryEnrolment>('reg_enrolment', 'individual_id', ENROLMENT, 'id'),
    enrolmentsOfHousehold: byOwner<RegistryEnrolment>('reg_enrolment', 'household_id', ENROLMENT, 'id'),
    paymentsOfIndividual: byOwner<RegistryPaymentRecord>('reg_payment', 'individual_id', PAYMENT, 'due_date, id'),
    paymentsOfHousehold: byOwner<RegistryPaymentRecord>('reg_payment', 'household_id', PAYMENT, 'due_date, id'),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
