import { describe, expect, it } from 'vitest';
import { checkPull } from '../../../connectors/registry/openimis/checks.js';
import { NOTHING_KNOWN } from '../../../connectors/registry/known.js';
import type {
  BenefitPlanNode,
  GroupIndividualNode,
  IndividualNode,
  PayrollBenefitNode,
  TicketNode,
} from '../../../connectors/registry/openimis/nodes.js';
import {
  normaliseBenefitPlan,
  normaliseBeneficiary,
  normaliseGroupIndividual,
  normaliseIndividual,
  normaliseTicket,
  type NormaliseContext,
} from '../../../connectors/registry/openimis/normalise.js';
import { normalisePayment, type PaymentLookup } from '../../../connectors/registry/openimis/payments.js';
import { RegistryProblems } from '../../../connectors/registry/problems.js';

/** openIMIS nodes → the registry model: good values mapped, each bad one a problem naming record and field. */
const today = '2025-10-31';
const stamp = { uuid: 'u-1', dateUpdated: '2025-09-01T10:00:00', isDeleted: false };
const context = (): NormaliseContext & { problems: RegistryProblems } => ({ today, problems: new RegistryProblems() });
const problemsOf = (ctx: { problems: RegistryProblems }) => ctx.problems.sorted([]);

const individual: IndividualNode = {
  ...stamp,
  firstName: 'Chisomo',
  lastName: 'Banda',
  dob: '1980-05-01',
  jsonExt: JSON.stringify({ sex: 'female', national_id: 'ab-12 345', phone: '+265991234567' }),
  location: { code: 'MW-S-BLK-TA01-V001' },
};

describe('normalising openIMIS individuals', () => {
  it('maps names, sex, national ID and phone from jsonExt, and the location', () => {
    const ctx = context();
    expect(normaliseIndividual(individual, ctx)).toEqual({
      key: 'u-1',
      givenName: 'Chisomo',
      familyName: 'Banda',
      sex: 'F',
      dateOfBirth: '1980-05-01',
      nationalId: 'ab-12 345',
      phone: '+265991234567',
      areaCode: 'MW-S-BLK-TA01-V001',
    });
    expect(problemsOf(ctx)).toEqual([]);
  });

  it.each([
    ['no sex', { jsonExt: '{}' }, 'jsonExt.sex', 'MISSING_VALUE'],
    ['an unknown sex', { jsonExt: '{"sex":"Q"}' }, 'jsonExt.sex', 'UNKNOWN_VALUE'],
    ['jsonExt that is not JSON', { jsonExt: '{sex:' }, 'jsonExt', 'UNKNOWN_VALUE'],
    ['a birth in the future', { dob: '2026-01-01' }, 'dob', 'FUTURE_DATE'],
    ['a day not in the calendar', { dob: '1980-02-30' }, 'dob', 'BAD_DATE'],
    ['no first name', { firstName: ' ' }, 'firstName', 'MISSING_VALUE'],
    ['no location', { location: null }, 'location', 'MISSING_VALUE'],
  ] as const)('reports %s', (_case, change, field, code) => {
    const ctx = context();
    expect(normaliseIndividual({ ...individual, ...change } as IndividualNode, ctx)).toBeNull();
    expect(problemsOf(ctx)).toContainEqual(expect.objectContaining({ file: 'openimis:Individual', row: null, record: 'u-1', field, code }));
  });
});

describe('normalising memberships, enrolments, plans and tickets', () => {
  const member: GroupIndividualNode = {
    ...stamp,
    group: { uuid: 'g-1' },
    individual: { uuid: 'i-1' },
    role: 'DAUGHTER',
    recipientType: 'PRIMARY',
  };

  it.each([
    ['HEAD', 'head'],
    ['SPOUSE', 'spouse'],
    ['SON', 'child'],
    ['DAUGHTER', 'child'],
    ['GRANDMOTHER', 'other'],
    [null, 'other'],
  ])('maps role %s to %s, and a PRIMARY recipient to the recipient', (role, expected) => {
    expect(normaliseGroupIndividual({ ...member, role }, context())).toEqual({
      householdKey: 'g-1',
      individualKey: 'i-1',
      role: expected,
      recipient: true,
    });
  });

  it.each([
    ['GroupIndividual', () => normaliseGroupIndividual({ ...member, role: 'COUSIN' }, ctx), 'role', 'UNKNOWN_VALUE'],
    ['GroupIndividual', () => normaliseGroupIndividual({ ...member, recipientType: 'MAIN' }, ctx), 'recipientType', 'UNKNOWN_VALUE'],
    ['GroupIndividual', () => normaliseGroupIndividual({ ...member, group: null }, ctx), 'group', 'MISSING_VALUE'],
    ['Beneficiary', () => normaliseBeneficiary({ ...enrolment, status: 'WAITING' }, ctx), 'status', 'UNKNOWN_VALUE'],
    ['Beneficiary', () => normaliseBeneficiary({ ...enrolment, status: null }, ctx), 'status', 'MISSING_VALUE'],
    [
      'Beneficiary',
      () => normaliseBeneficiary({ ...enrolment, dateValidFrom: '2026-03-01T00:00:00' }, ctx),
      'dateValidFrom',
      'FUTURE_DATE',
    ],
    ['Beneficiary', () => normaliseBeneficiary({ ...enrolment, dateValidTo: '2023-01-01T00:00:00' }, ctx), 'dateValidTo', 'DATE_ORDER'],
    ['BenefitPlan', () => normaliseBenefitPlan({ ...plan, type: 'FAMILY' }, ctx), 'type', 'UNKNOWN_VALUE'],
    [
      'BenefitPlan',
      () => normaliseBenefitPlan({ ...plan, ceilingPerBeneficiary: '-1.00' }, ctx),
      'ceilingPerBeneficiary',
      'NEGATIVE_AMOUNT',
    ],
    [
      'BenefitPlan',
      () => normaliseBenefitPlan({ ...plan, jsonExt: '{"currency":"kwacha","country":"MW"}' }, ctx),
      'jsonExt.currency',
      'BAD_CURRENCY',
    ],
    ['Ticket', () => normaliseTicket({ ...ticket, status: 'ESCALATED' }, ctx), 'status', 'UNKNOWN_VALUE'],
    ['Ticket', () => normaliseTicket({ ...ticket, priority: null }, ctx), 'priority', 'MISSING_VALUE'],
    ['Ticket', () => normaliseTicket({ ...ticket, jsonExt: '{}' }, ctx), 'jsonExt.location', 'MISSING_VALUE'],
    [
      'Ticket',
      () => normaliseTicket({ ...ticket, jsonExt: '{"location":"V1","closed_on":"2024-01-01"}' }, ctx),
      'jsonExt.closed_on',
      'DATE_ORDER',
    ],
  ] as const)('openimis:%s: a bad value is a problem naming the record and field %s', (entity, run, field, code) => {
    ctx = context();
    expect(run()).toBeNull();
    expect(problemsOf(ctx)).toContainEqual(expect.objectContaining({ file: `openimis:${entity}`, record: 'u-1', field, code }));
  });

  it('maps plan types to targeting, decimals to exact text, and ticket statuses and priorities', () => {
    expect(normaliseBenefitPlan(plan, context())).toMatchObject({
      code: 'SCTP',
      targeting: 'household',
      ceilingPerBeneficiary: '40000',
      currency: 'MWK',
    });
    expect(normaliseBenefitPlan({ ...plan, type: 'INDIVIDUAL' }, context())).toMatchObject({ targeting: 'individual' });
    expect(normaliseTicket(ticket, context())).toEqual({
      key: 'GRM-1',
      programmeCode: null,
      category: 'wrong amount',
      channel: 'hotline',
      priority: 'high',
      status: 'resolved',
      openedOn: '2025-02-03',
      closedOn: '2025-09-01',
      areaCode: 'V1',
    });
    expect(normaliseTicket({ ...ticket, status: 'RECEIVED' }, context())).toMatchObject({ status: 'open', closedOn: null });
  });
});

let ctx = context();
const enrolment = {
  ...stamp,
  individual: { uuid: 'i-1' },
  benefitPlan: { code: 'PWP' },
  status: 'ACTIVE',
  dateValidFrom: '2024-10-05T00:00:00',
  dateValidTo: null,
};
const plan: BenefitPlanNode = {
  ...stamp,
  code: 'SCTP',
  name: 'Social Cash Transfer',
  type: 'GROUP',
  ceilingPerBeneficiary: '40000.00',
  jsonExt: '{"currency":"MWK","country":"MW","transfer_type":"cash"}',
};
const ticket: TicketNode = {
  ...stamp,
  code: 'GRM-1',
  category: 'wrong amount',
  channel: 'hotline',
  priority: 'Urgent',
  status: 'RESOLVED',
  dateOfIncident: '2025-02-01',
  dateCreated: '2025-02-03T09:00:00',
  jsonExt: '{"location":"V1"}',
};

describe('normalising payments', () => {
  const link: PayrollBenefitNode = {
    id: 'UGF5cm9sbDox',
    payroll: {
      uuid: 'p-1',
      name: 'SCTP 2025-03',
      status: 'APPROVE_FOR_PAYMENT',
      benefitPlan: { code: 'SCTP' },
      paymentCycle: { code: '2025-03', startDate: '2025-03-01' },
      paymentPoint: { name: 'Blantyre branch' },
      paymentMethod: 'National Bank of Malawi',
    },
    benefit: {
      ...stamp,
      code: 'SCTP-2025-03-HH1',
      individual: { uuid: 'i-1' },
      amount: '17000.50',
      receipt: 'FT250312ABCDEF',
      dateDue: '2025-03-12',
      status: 'APPROVE_FOR_PAYMENT',
      jsonExt: '{"payment_date":"2025-03-14"}',
    },
  };
  const lookup: PaymentLookup = {
    programme: (code) =>
      code === 'SCTP'
        ? { targeting: 'household', currency: 'MWK' }
        : code === 'PWP'
          ? { targeting: 'individual', currency: 'MWK' }
          : undefined,
    recipientOf: (individual) => (individual === 'i-1' ? 'g-1' : undefined),
    individualKnown: (individual) => individual === 'i-1' || individual === 'i-2',
  };
  const withBenefit = (change: object): PayrollBenefitNode => ({ ...link, benefit: { ...link.benefit!, ...change } });

  it('pays the household of the primary recipient, in the cycle of the payroll', () => {
    expect(normalisePayment(link, context(), lookup)).toEqual({
      key: 'SCTP-2025-03-HH1',
      programmeCode: 'SCTP',
      cycle: '2025-03',
      beneficiaryKey: 'g-1',
      amount: '17000.5',
      currency: 'MWK',
      dueDate: '2025-03-12',
      paidDate: '2025-03-14',
      status: 'paid',
      paymentPoint: 'Blantyre branch',
      provider: 'National Bank of Malawi',
      receipt: 'FT250312ABCDEF',
    });
  });

  it.each([
    ['APPROVE_FOR_PAYMENT', null, 'pending'],
    ['ACCEPTED', null, 'pending'],
    ['RECONCILED', 'R1', 'reconciled'],
    ['REJECTED', null, 'failed'],
    ['DUPLICATE', null, 'failed'],
  ])('maps %s (receipt %s) to %s', (status, receipt, expected) => {
    expect(normalisePayment(withBenefit({ status, receipt }), context(), lookup)?.status).toBe(expected);
  });

  it.each([
    ['a negative amount', { amount: '-1.00' }, 'amount', 'NEGATIVE_AMOUNT'],
    ['an amount that is no number', { amount: 'ten' }, 'amount', 'NOT_A_NUMBER'],
    ['no amount', { amount: null }, 'amount', 'MISSING_VALUE'],
    ['an unknown status', { status: 'PAID_TWICE' }, 'status', 'UNKNOWN_VALUE'],
    ['a payment date in the future', { jsonExt: '{"payment_date":"2026-01-01"}' }, 'jsonExt.payment_date', 'FUTURE_DATE'],
    ['a recipient of no known household', { individual: { uuid: 'i-9' } }, 'individual', 'UNKNOWN_BENEFICIARY'],
  ])('reports %s', (_case, change, field, code) => {
    const ctx = context();
    expect(normalisePayment(withBenefit(change), ctx, lookup)).toBeNull();
    expect(problemsOf(ctx)).toContainEqual(expect.objectContaining({ file: 'openimis:BenefitConsumption', record: 'u-1', field, code }));
  });

  it('reports a payroll of an unknown benefit plan on the payroll', () => {
    const ctx = context();
    expect(normalisePayment({ ...link, payroll: { ...link.payroll!, benefitPlan: { code: 'NOPE' } } }, ctx, lookup)).toBeNull();
    expect(problemsOf(ctx)).toContainEqual(
      expect.objectContaining({ file: 'openimis:Payroll', record: 'p-1', field: 'benefitPlan', code: 'UNKNOWN_PROGRAMME' }),
    );
  });
});

describe('checks between the records of a pull', () => {
  it('reports duplicate national IDs, a member of two groups, unknown locations and beneficiaries', () => {
    const problems = new RegistryProblems();
    const person = (key: string, nationalId: string | null, areaCode = 'V1') => ({
      key,
      givenName: 'A',
      familyName: 'B',
      sex: 'F' as const,
      dateOfBirth: '1990-01-01',
      nationalId,
      phone: null,
      areaCode,
    });
    checkPull(
      {
        areas: [
          { code: 'R1', name: 'Region', level: 1, parent: null },
          { code: 'V1', name: 'Village', level: 2, parent: 'R1' },
        ],
        programmes: [],
        groupIds: new Set(['g-1', 'g-2']),
        individualIds: new Set(['i-1', 'i-2', 'i-3']),
        individuals: [person('i-1', 'AB12345'), person('i-2', 'ab-12 345'), person('i-3', null, 'V9')],
        groupAreas: [{ uuid: 'g-1', areaCode: 'V1' }],
        memberships: [
          { uuid: 'm-1', record: { householdKey: 'g-1', individualKey: 'i-1', role: 'head', recipient: true } },
          { uuid: 'm-2', record: { householdKey: 'g-2', individualKey: 'i-1', role: 'child', recipient: false } },
        ],
        enrolments: [
          {
            uuid: 'b-1',
            record: {
              programmeCode: 'PWP',
              beneficiaryKey: 'i-7',
              status: 'active',
              enrolledOn: '2024-01-01',
              exitedOn: null,
              group: false,
            },
          },
        ],
        payments: [],
        grievances: [],
      },
      { ...NOTHING_KNOWN, programmes: new Map([['PWP', { targeting: 'individual', currency: 'MWK' }]]) },
      problems,
    );
    const found = problems.sorted([]).map((p) => [p.file, p.record, p.field, p.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['openimis:Individual', 'i-2', 'jsonExt.national_id', 'DUPLICATE_NATIONAL_ID'],
        ['openimis:Individual', 'i-3', 'location', 'UNKNOWN_AREA'],
        ['openimis:GroupIndividual', 'm-2', 'group', 'MEMBER_OF_TWO_HOUSEHOLDS'],
        ['openimis:Beneficiary', 'b-1', 'individual', 'UNKNOWN_BENEFICIARY'],
      ]),
    );
    expect(found).toHaveLength(4);
  });
});
