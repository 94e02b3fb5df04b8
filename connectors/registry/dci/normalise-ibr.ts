import type { PaymentStatus } from '../types.js';
import type { BatchBuilder } from './batch.js';
import type { NormaliseContext } from './normalise.js';
import { addLoneIndividual, memberPerson, readPerson } from './person.js';
import {
  identifiers,
  isObject,
  list,
  readDate,
  readEnrolmentStatus,
  readMoney,
  readPaymentStatus,
  readTransferType,
  text,
  timestamp,
  type Json,
} from './values.js';

/**
 * IBR records → individuals, programmes, enrolments, payments. Two shapes are published:
 *  - a Beneficiary (ibr_api SearchResponse example, processflow1): `member` (a social-registry
 *    Member) and `programme_identifier` { programme, enrolment_date, enrolment_status, benefits };
 *  - a Person (processflow3a/4): the person's fields with `programme[]`, `benefit[]`, `payroll[]`.
 * Benefits describe what a programme gives (type, currency); payroll entries are the payments. A
 * payroll entry names no programme, so it is attributed only when the person has exactly one.
 * Beneficiaries are persons, so IBR programmes are individual-targeted.
 */
export function normaliseIbrRecord(record: Json, path: string, b: BatchBuilder, context: NormaliseContext): void {
  const member = isObject(record.member) ? record.member : null;
  b.seen(timestamp(record.last_updated) ?? timestamp(record.last_update) ?? timestamp(member?.last_update));
  let key: string | undefined;
  if (member) {
    const inner = memberPerson(member, `${path}.member`);
    key = identifiers(member.member_identifier)[0]?.value ?? (inner ? identifiers(inner.person.identifier)[0]?.value : undefined);
    if (!key || !inner) {
      b.report(key ?? null)(
        `${path}.member.member_identifier`,
        'MISSING_VALUE',
        'a beneficiary needs a member identifier and demographic_info',
      );
      return;
    }
    addLoneIndividual(key, readPerson(inner.person, inner.path, key, b, context.today), inner.path, `${path}.member`, b);
  } else if ('identifier' in record || 'name' in record) {
    key = identifiers(record.identifier)[0]?.value;
    if (!key) {
      b.report(null)(`${path}.identifier`, 'MISSING_VALUE', 'a person needs an identifier');
      return;
    }
    addLoneIndividual(key, readPerson(record, path, key, b, context.today), path, path, b);
  } else {
    b.report(null)(`${path}.member`, 'MISSING_VALUE', 'the record names no beneficiary (no member and no person identifier)');
    return;
  }

  const enrolmentsAt = 'programme_identifier' in record || !member ? record : member;
  const entries = [
    ...list(enrolmentsAt.programme_identifier).map((e) => ({
      ...e,
      at: `${enrolmentsAt === record ? path : `${path}.member`}.programme_identifier${e.at}`,
    })),
    ...list(record.programme).map((e) => ({ ...e, at: `${path}.programme${e.at}` })),
  ];
  const read = entries.map(({ item, at }) => readEnrolment(item, at, key, b, context));
  const codes = [...new Set(read.filter((c): c is string => c !== null))];

  const sole = codes.length === 1 ? (codes[0] ?? null) : null;
  for (const { item, at } of list(record.benefit)) readBenefit(item, `${path}.benefit${at}`, key, sole, b, context);
  for (const { item, at } of list(record.payroll)) {
    readPayroll(item, `${path}.payroll${at}`, key, sole, codes.length, b, context.today);
  }
}

/** One enrolment with its programme; returns the programme code when it is readable. */
function readEnrolment(entry: Json, at: string, key: string, b: BatchBuilder, context: NormaliseContext): string | null {
  const report = b.report(key);
  const nested = isObject(entry.programme);
  const programme = nested ? (entry.programme as Json) : entry;
  const programmePath = nested ? `${at}.programme` : at;
  const code = text(programme.programme_identifier);
  if (code === null) report(`${programmePath}.programme_identifier`, 'MISSING_VALUE', 'the programme has no identifier');
  const status = readEnrolmentStatus(entry.enrolment_status, `${at}.enrolment_status`, report);
  const enrolledOn = readDate(entry.enrolment_date, `${at}.enrolment_date`, report, context.today, true);
  const exitField = text(entry.graduation_date) !== null ? 'graduation_date' : 'status_change_date';
  const exitedOn = status === 'graduated' ? readDate(entry[exitField], `${at}.${exitField}`, report, context.today, true) : null;
  if (enrolledOn !== null && exitedOn !== null && exitedOn < enrolledOn) {
    report(`${at}.${exitField}`, 'DATE_ORDER', `graduated on ${exitedOn}, before enrolment on ${enrolledOn}`);
  }
  if (code === null) return null;
  if (!b.hasProgramme(code) && !/^[A-Z]{2}$/.test(context.country ?? '')) {
    report(programmePath, 'BAD_COUNTRY', 'DCI names no country: configure the registry country (ISO 3166 alpha-2)');
  }
  const benefits = list(entry.benefits).map(({ item, at: bAt }) => readBenefitValues(item, `${at}.benefits${bAt}`, key, b));
  const known = benefits.find((x) => x.transferType !== null || x.currency !== null);
  b.addProgramme(
    {
      code,
      name: text(programme.programme_name) ?? code,
      targeting: 'individual',
      transferType: known?.transferType ?? 'cash',
      currency: known?.currency ?? '',
      ceilingPerBeneficiary: null,
      country: context.country ?? '',
    },
    programmePath,
    key,
  );
  if (status !== null && enrolledOn !== null)
    b.addEnrolment({ programmeCode: code, beneficiaryKey: key, status, enrolledOn, exitedOn }, at);
  return code;
}

function readBenefitValues(
  benefit: Json,
  at: string,
  key: string,
  b: BatchBuilder,
): { transferType: 'cash' | 'in-kind' | 'voucher' | null; currency: string | null } {
  const report = b.report(key);
  const transferType = text(benefit.benefit_type) === null ? null : readTransferType(benefit.benefit_type, `${at}.benefit_type`, report);
  const money = text(benefit.benefit_value) === null ? null : readMoney(benefit.benefit_value, `${at}.benefit_value`, report);
  readDate(benefit.benefit_date, `${at}.benefit_date`, report, null, false);
  return { transferType, currency: money?.currency ?? null };
}

/** A person-level benefit: checked, and describing the programme when there is only one. */
function readBenefit(benefit: Json, at: string, key: string, sole: string | null, b: BatchBuilder, context: NormaliseContext): void {
  const values = readBenefitValues(benefit, at, key, b);
  if (sole === null || values.currency === null) return;
  b.addProgramme(
    {
      code: sole,
      name: sole,
      targeting: 'individual',
      transferType: values.transferType ?? 'cash',
      currency: values.currency,
      ceilingPerBeneficiary: null,
      country: context.country ?? '',
    },
    `${at}.benefit_value`,
    key,
  );
}

function readPayroll(entry: Json, at: string, key: string, sole: string | null, enrolments: number, b: BatchBuilder, today: string): void {
  const report = b.report(key);
  const amountField = text(entry.payment_credit_amount) !== null ? 'payment_credit_amount' : 'payroll_amount';
  const money = readMoney(entry[amountField], `${at}.${amountField}`, report);
  const status = readPaymentStatus(entry.payment_status, `${at}.payment_status`, report);
  const date = readDate(entry.payment_credit_date, `${at}.payment_credit_date`, report, null, true);
  const paid = status === 'paid' || status === 'reconciled';
  if (paid && date !== null && date > today) report(`${at}.payment_credit_date`, 'FUTURE_DATE', `paid on ${date}, after today (${today})`);
  if (sole === null) {
    report(
      at,
      'UNKNOWN_PROGRAMME',
      `a payroll entry names no programme and the beneficiary has ${enrolments} readable enrolments, not one`,
    );
    return;
  }
  if (money === null || status === null || date === null) return;
  b.addPayment({
    programmeCode: sole,
    cycle: date.slice(0, 7),
    beneficiaryKey: key,
    amount: money.amount,
    currency: money.currency,
    dueDate: date,
    paidDate: paid ? date : null,
    status: status satisfies PaymentStatus,
    paymentPoint: null,
    provider: null,
    receipt: null,
  });
}
