import { describe, expect, it } from 'vitest';
import { normaliseRecords, type NormaliseContext } from '../../../connectors/registry/dci/normalise.js';
import { example, exampleRecords, syntheticBeneficiaries, syntheticGroups, type Json } from '../../support/dci-double/index.js';

const social: NormaliseContext = { registry: 'social', recordType: 'Group', today: '2025-12-31' };
const ibr: NormaliseContext = { registry: 'ibr', recordType: 'Beneficiary', today: '2025-12-31', country: 'MW' };
const clone = <T>(value: T): T => structuredClone(value);
const enrolled = (): Json[] =>
  (example('ibr', 'processflow1req.json').message as { receipt_information: { beneficiaries: Json[] } }).receipt_information.beneficiaries;

describe('DCI normalisation of the published examples', () => {
  it('reads the example Group: household, head, membership; its missing location is a problem', () => {
    const { batch, problems } = normaliseRecords(exampleRecords('social', 'processflow1-1res.json'), social);
    expect(batch.households).toEqual([{ key: '0205202401', areaCode: '' }]);
    expect(batch.individuals).toEqual([
      {
        key: 'HS0205202401',
        givenName: 'Test Test2',
        familyName: 'Test3',
        sex: 'F',
        dateOfBirth: '1985-05-20',
        nationalId: '0205202401',
        phone: null,
        areaCode: '',
      },
    ]);
    expect(batch.memberships).toEqual([{ householdKey: '0205202401', individualKey: 'HS0205202401', role: 'head', recipient: true }]);
    expect(problems.map((p) => [p.file, p.record, p.field, p.code])).toEqual([
      ['dci:social/Group', '0205202401', 'reg_records[0].place', 'MISSING_VALUE'],
    ]);
  });

  it('reads the example SRPerson with its address codes as areas', () => {
    const { batch, problems } = normaliseRecords(exampleRecords('social', 'processflow2res.json'), social);
    expect(problems).toEqual([]);
    expect(batch.individuals).toEqual([
      {
        key: '847951632',
        givenName: 'Sudarat',
        familyName: 'Phumchai',
        sex: 'F',
        dateOfBirth: '1995-09-21',
        nationalId: '847951632',
        phone: '+1 (425) 555-1212',
        areaCode: 'SH',
      },
    ]);
    expect(batch.areas).toEqual([
      { code: 'A205', name: 'A205', level: 1, parent: null },
      { code: 'SH', name: 'SH', level: 2, parent: 'A205' },
    ]);
  });

  it('reads the example Member (female widows search) on its own', () => {
    const { batch, problems } = normaliseRecords(exampleRecords('social', 'processflow1-3res.json'), { ...social, recordType: 'Member' });
    expect(batch.individuals.map((i) => [i.key, i.givenName, i.sex, i.dateOfBirth])).toEqual([
      ['0205202401', 'Test Test2', 'F', '1985-05-20'],
    ]);
    expect(problems.map((p) => [p.file, p.field, p.code])).toEqual([
      ['dci:social/Member', 'reg_records[0].demographic_info.person.address', 'MISSING_VALUE'],
    ]);
  });

  it('reads the example IBR enrolment: programme DCI001, active since 2024-04-12, and names its non-ISO benefit date', () => {
    const { batch, problems } = normaliseRecords(enrolled(), ibr);
    expect(batch.programmes).toEqual([
      {
        code: 'DCI001',
        name: 'Test Programme',
        targeting: 'individual',
        transferType: 'cash',
        currency: 'USD',
        ceilingPerBeneficiary: null,
        country: 'MW',
      },
    ]);
    expect(batch.enrolments).toEqual([
      { programmeCode: 'DCI001', beneficiaryKey: '0205202401', status: 'active', enrolledOn: '2024-04-12', exitedOn: null },
    ]);
    expect(batch.individuals.map((i) => [i.key, i.dateOfBirth])).toEqual([['0205202401', '1980-04-12']]);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['reg_records[0].member.demographic_info.person.address', 'MISSING_VALUE'],
      ['reg_records[0].member.programme_identifier.benefits.benefit_date', 'BAD_DATE'],
    ]);
  });

  it('reads the example IBR Person and reports what cannot be mapped: blank programme ids and numeric codes', () => {
    const { batch, problems } = normaliseRecords(exampleRecords('ibr', 'processflow4res.json'), { ...ibr, recordType: 'Person' });
    expect(batch.individuals.map((i) => [i.key, i.areaCode])).toEqual([['847951632', 'SH']]);
    expect(batch.programmes).toEqual([]);
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'reg_records[0].programme[0].programme_identifier MISSING_VALUE',
      'reg_records[0].programme[0].enrolment_status UNKNOWN_VALUE',
      'reg_records[0].programme[1].programme_identifier MISSING_VALUE',
      'reg_records[0].programme[1].enrolment_status UNKNOWN_VALUE',
      'reg_records[0].benefit[0].benefit_type UNKNOWN_VALUE',
      'reg_records[0].benefit[1].benefit_type UNKNOWN_VALUE',
      'reg_records[0].payroll[0].payment_status UNKNOWN_VALUE',
      'reg_records[0].payroll[0] UNKNOWN_PROGRAMME',
      'reg_records[0].payroll[1].payment_status UNKNOWN_VALUE',
      'reg_records[0].payroll[1] UNKNOWN_PROGRAMME',
    ]);
    expect(problems.every((p) => p.record === '847951632' && p.row === null && p.file === 'dci:ibr/Person')).toBe(true);
  });

  it('maps payroll entries to payments when the codes are words and there is one programme', () => {
    const person = clone(exampleRecords('ibr', 'processflow4res.json')[0]!) as Json & {
      programme: Json[];
      benefit: Json[];
      payroll: Json[];
    };
    person.programme = [
      { ...person.programme[0], programme_identifier: 'DCI001', programme_name: 'Test Programme', enrolment_status: 'Graduated' },
    ];
    person.benefit = person.benefit.map((b) => ({ ...b, benefit_type: 'Cash' }));
    person.payroll = person.payroll.map((p, i) => ({ ...p, payment_status: i === 0 ? 'Paid' : 'Failed' }));
    const { batch, problems } = normaliseRecords([person], ibr);
    // the example graduates before it enrols: reported, the rest still read
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual(['reg_records[0].programme[0].graduation_date DATE_ORDER']);
    expect(batch.programmes.map((p) => [p.code, p.transferType, p.currency])).toEqual([['DCI001', 'cash', 'EUR']]);
    expect(batch.payments).toEqual([
      {
        key: '847951632/DCI001/2010-09-21',
        programmeCode: 'DCI001',
        cycle: '2010-09',
        beneficiaryKey: '847951632',
        amount: '85',
        currency: 'EUR',
        dueDate: '2010-09-21',
        paidDate: '2010-09-21',
        status: 'paid',
        paymentPoint: null,
        provider: null,
        receipt: null,
      },
      {
        key: '847951632/DCI001/2011-09-21',
        programmeCode: 'DCI001',
        cycle: '2011-09',
        beneficiaryKey: '847951632',
        amount: '70',
        currency: 'EUR',
        dueDate: '2011-09-21',
        paidDate: null,
        status: 'failed',
        paymentPoint: null,
        provider: null,
        receipt: null,
      },
    ]);
  });

  it('reads the synthetic records of the double without a problem', () => {
    const groups = normaliseRecords(syntheticGroups(24), social);
    expect(groups.problems).toEqual([]);
    expect(groups.batch.individuals).toHaveLength(48);
    expect(groups.latest).toBe('2025-06-24T10:00:00.000Z');
    const beneficiaries = normaliseRecords(syntheticBeneficiaries(20), ibr);
    expect(beneficiaries.problems).toEqual([]);
    expect(beneficiaries.batch.enrolments.filter((e) => e.status === 'suspended')).toHaveLength(4);
  });
});

type Case = [name: string, change: (records: Json[]) => void, record: string | null, field: string, code: string];
/** Member j of group i in syntheticGroups(3): groups have 2, 3, 1 members. */
const member = (records: Json[], i: number, j: number): Json => (records[i]!.member_list as Json[])[j]!.household_member as Json;
const person = (records: Json[], i: number, j: number): Json => (member(records, i, j).demographic_info as { person: Json }).person;
const at = (i: number, j: number) => `reg_records[${i}].member_list[${j}].household_member`;

const SOCIAL_CASES: Case[] = [
  [
    'a national ID held by two people',
    (r) => ((person(r, 1, 0).identifier as Json[])[0]!.identifier_value = 'NID000001'),
    'M000003',
    `${at(1, 0)}.demographic_info.person.identifier`,
    'DUPLICATE_NATIONAL_ID',
  ],
  [
    'a member of two households',
    (r) => (r[1]!.member_list as Json[]).push(clone((r[0]!.member_list as Json[])[1]!)),
    'M000002',
    at(1, 3),
    'MEMBER_OF_TWO_HOUSEHOLDS',
  ],
  [
    'a birth date in the future',
    (r) => (person(r, 0, 1).birth_date = '2026-02-01T00:00:00Z'),
    'M000002',
    `${at(0, 1)}.demographic_info.person.birth_date`,
    'FUTURE_DATE',
  ],
  [
    'a birth date that is not ISO',
    (r) => (person(r, 0, 1).birth_date = '20.05.1985'),
    'M000002',
    `${at(0, 1)}.demographic_info.person.birth_date`,
    'BAD_DATE',
  ],
  [
    'a day that is not in the calendar',
    (r) => (person(r, 0, 1).birth_date = '1985-02-30'),
    'M000002',
    `${at(0, 1)}.demographic_info.person.birth_date`,
    'BAD_DATE',
  ],
  ['an unknown sex', (r) => (person(r, 2, 0).sex = 'unknown'), 'M000006', `${at(2, 0)}.demographic_info.person.sex`, 'UNKNOWN_VALUE'],
  [
    'an unknown relationship',
    (r) => (member(r, 1, 2).relationship_head = 'lodger'),
    'M000005',
    `${at(1, 2)}.relationship_head`,
    'UNKNOWN_VALUE',
  ],
  ['two heads', (r) => (member(r, 1, 1).relationship_head = 'head'), 'M000004', at(1, 1), 'MULTIPLE_RECIPIENTS'],
  [
    'a member without a surname',
    (r) => delete (person(r, 0, 0).name as Json).surname,
    'M000001',
    `${at(0, 0)}.demographic_info.person.name.surname`,
    'MISSING_VALUE',
  ],
  [
    'a household given twice',
    (r) => (r[2]!.group_identifier = clone(r[1]!.group_identifier)),
    'HH0002',
    'reg_records[2].group_identifier',
    'DUPLICATE_KEY',
  ],
  ['a group without an identifier', (r) => (r[0]!.group_identifier = []), null, 'reg_records[0].group_identifier', 'MISSING_VALUE'],
];

describe('DCI normalisation of bad social-registry records', () => {
  it.each(SOCIAL_CASES)('reports %s, naming the record and the field', (_, change, record, field, code) => {
    const records = clone(syntheticGroups(3));
    change(records);
    const { problems } = normaliseRecords(records, social);
    expect(problems.map((p) => ({ file: p.file, row: p.row, record: p.record, field: p.field, code: p.code }))).toEqual([
      { file: 'dci:social/Group', row: null, record, field, code },
    ]);
    expect(problems[0]?.message).not.toBe('');
  });
});

type Payroll = Json & { programme: Json[]; payroll: Json[]; benefit: Json[] };
function ibrPerson(): Payroll {
  const p = clone(exampleRecords('ibr', 'processflow4res.json')[0]!) as Payroll;
  p.programme = [
    { programme_identifier: 'DCI001', programme_name: 'Test Programme', enrolment_date: '2022-10-21T11:20:00', enrolment_status: 'Active' },
  ];
  p.benefit = [];
  p.payroll = [{ payment_credit_date: '2024-09-21T11:20:00', payment_credit_amount: 'EUR 85', payment_status: 'paid' }];
  return p;
}

const IBR_CASES: [string, (p: Payroll) => void, string, string, NormaliseContext?][] = [
  [
    'a negative amount',
    (p) => (p.payroll[0]!.payment_credit_amount = 'EUR -85'),
    'reg_records[0].payroll[0].payment_credit_amount',
    'NEGATIVE_AMOUNT',
  ],
  [
    'an amount that is not a number',
    (p) => (p.payroll[0]!.payment_credit_amount = 'EUR eighty'),
    'reg_records[0].payroll[0].payment_credit_amount',
    'NOT_A_NUMBER',
  ],
  [
    'an amount without a currency',
    (p) => (p.payroll[0]!.payment_credit_amount = '85'),
    'reg_records[0].payroll[0].payment_credit_amount',
    'BAD_CURRENCY',
  ],
  [
    'a payment paid in the future',
    (p) => (p.payroll[0]!.payment_credit_date = '2026-03-01'),
    'reg_records[0].payroll[0].payment_credit_date',
    'FUTURE_DATE',
  ],
  [
    'an unknown payment status',
    (p) => (p.payroll[0]!.payment_status = 'lost'),
    'reg_records[0].payroll[0].payment_status',
    'UNKNOWN_VALUE',
  ],
  [
    'an unknown enrolment status',
    (p) => (p.programme[0]!.enrolment_status = 'Dormant'),
    'reg_records[0].programme[0].enrolment_status',
    'UNKNOWN_VALUE',
  ],
  [
    'an enrolment in the future',
    (p) => (p.programme[0]!.enrolment_date = '2026-01-05'),
    'reg_records[0].programme[0].enrolment_date',
    'FUTURE_DATE',
  ],
  [
    'a payroll entry with two programmes to choose from',
    (p) => p.programme.push({ ...p.programme[0], programme_identifier: 'DCI002' }),
    'reg_records[0].payroll[0]',
    'UNKNOWN_PROGRAMME',
  ],
  [
    'an enrolment in the same programme twice',
    (p) => p.programme.push({ ...p.programme[0] }),
    'reg_records[0].programme[1]',
    'DUPLICATE_KEY',
  ],
  ['no country configured', () => undefined, 'reg_records[0].programme[0]', 'BAD_COUNTRY', { ...ibr, country: undefined }],
];

describe('DCI normalisation of bad IBR records', () => {
  it('reads the clean case without a problem', () => {
    const { batch, problems } = normaliseRecords([ibrPerson()], ibr);
    expect(problems).toEqual([]);
    expect(batch.payments.map((p) => [p.key, p.amount, p.status])).toEqual([['847951632/DCI001/2024-09-21', '85', 'paid']]);
  });

  it.each(IBR_CASES)('reports %s, naming the record and the field', (_, change, field, code, context = ibr) => {
    const p = ibrPerson();
    change(p);
    const { problems } = normaliseRecords([p], context);
    expect(problems.map((x) => [x.record, x.field, x.code])).toEqual([['847951632', field, code]]);
  });
});
