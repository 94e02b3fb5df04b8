import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TestHub } from '../support/hub.js';
import { expectStatementsNotToGrow } from '../support/statements.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * The registry's nested lists, each resolved through a request's loaders: the statements a query
 * runs must not grow with the households or people it returns (a loader missing anywhere shows up
 * as N+1). Personal fields included, so the one audit write is counted too.
 */
const PAYMENT = `programme cycle amount currency dueDate paidDate status paymentPoint provider receipt`;
const ENROLMENT = `programme status enrolledOn exitedOn`;
const PERSON = `id source key givenName familyName sex ageBand district dateOfBirth nationalIdHash phone areaCode`;

const HOUSEHOLDS = `query ($first: Int!) {
  households(first: $first) {
    totalCount
    nodes {
      id source key district areaCode
      members { role recipient individual { ${PERSON} enrolments { ${ENROLMENT} } payments { ${PAYMENT} } household { id } } }
      enrolments { ${ENROLMENT} }
      payments { ${PAYMENT} }
    }
  }
}`;

const INDIVIDUALS = `query ($first: Int!) {
  individuals(first: $first) {
    totalCount
    nodes {
      ${PERSON}
      enrolments { ${ENROLMENT} }
      payments { ${PAYMENT} }
      household { id district members { role individual { id sex } } payments { ${PAYMENT} } enrolments { ${ENROLMENT} } }
    }
  }
}`;

/** Households whose payments (their own and their members') are the payments pages. */
const PAYMENTS = `query ($first: Int!) {
  households(first: $first, filter: { programme: "SCTP" }) {
    totalCount
    nodes { id payments { ${PAYMENT} } members { individual { id payments { ${PAYMENT} } } } }
  }
}`;

describe('the number of SQL statements for a registry query does not grow with the records it returns', () => {
  let hub: RegistryHub;
  let officer: TestHub;
  beforeAll(async () => {
    hub = await registryHub(600);
    const authorization = `Bearer ${await hub.token('officer', 'registry-officer')}`;
    officer = {
      ...hub,
      async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
        const result = await hub.raw(query, variables, { authorization });
        if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
        return result.data as T;
      },
    };
  }, 300_000);
  afterAll(async () => hub?.close());

  it.each([
    ['households with their members, enrolments and payments', HOUSEHOLDS, 'households', 400],
    ['individuals with their household, enrolments and payments', INDIVIDUALS, 'individuals', 500],
    ['payments of households and of their members', PAYMENTS, 'households', 200],
  ] as const)('is the same for 10 and for many %s', async (_name, query, list, many) =>
    expectStatementsNotToGrow(officer, { query, list, many, bound: 20, warmUp: '{ programmes { code } }', auditWrites: 6 }),
  );
});
