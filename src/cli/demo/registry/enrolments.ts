import type { Enrolment, EnrolmentStatus, RegistryIndividual } from '../../../../connectors/registry/types.js';
import type { Random } from '../random.js';
import type { District, Village } from './areas.js';
import { dayIn, daysInMonth, isoOf } from './dates.js';
import type { HeadKind, Member } from './households.js';
import { channelFor, pay, type Payroll } from './payments.js';
import {
  PWP,
  PWP_DAILY_WAGE,
  PWP_MAX_DAYS,
  PWP_MONTHS,
  SCTP,
  SMP,
  SMP_DISTRICTS,
  SMP_MONTHS,
  SMP_VOUCHER,
  prorated,
  sctpMonthly,
} from './programmes.js';

/**
 * Who is enrolled in what, and what they were paid. An enrolment is paid from the cycle after
 * it starts (the first payroll also pays the rest of the enrolment month as arrears) until it
 * ends: a graduated beneficiary is paid for cycles due by the exit date, a suspended one until
 * the cycle of the suspension, a potential one (identified, not yet enrolled) never.
 */
export interface EnrolContext {
  readonly random: Random;
  readonly payroll: Payroll;
  readonly enrolments: Enrolment[];
}

export interface HouseholdInfo {
  readonly key: string;
  readonly kind: HeadKind;
  readonly members: readonly Member[];
  readonly individuals: readonly RegistryIndividual[];
  readonly recipient: number;
  readonly district: District;
  readonly districtIndex: number;
  readonly village: Village;
}

interface Span {
  readonly status: EnrolmentStatus;
  readonly enrolledOn: number;
  readonly exitedOn: number | null;
  /** The first cycle paid and the last (inclusive); first > last when nothing is paid. */
  readonly first: number;
  readonly last: number;
}

type StatusWeights = readonly (readonly [EnrolmentStatus, number])[];

function pickStatus(random: Random, weights: StatusWeights): EnrolmentStatus {
  let r = random.next() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [status, weight] of weights) {
    r -= weight;
    if (r < 0) return status;
  }
  return 'active';
}

/** An enrolment's dates and the cycles it is paid for, within the payroll's period. */
function span(context: EnrolContext, weights: StatusWeights, before: number): Span {
  const { random } = context;
  const { start, end } = context.payroll.period;
  let status = pickStatus(random, weights);
  const month =
    status === 'potential'
      ? random.int(start - 6, end)
      : random.chance(before)
        ? random.int(start - 36, start - 1)
        : random.int(start, end - 1);
  const enrolledOn = dayIn(month, random.int(1, 28));
  const first = Math.max(start, month + 1);
  if (status === 'potential') return { status, enrolledOn, exitedOn: null, first: end + 1, last: end };
  if (status === 'graduated') {
    const from = Math.max(start, month + 2);
    if (from > end) status = 'active';
    else {
      const exitedOn = dayIn(random.int(from, end), random.int(1, 28));
      return { status, enrolledOn, exitedOn, first, last: end };
    }
  }
  const last = status === 'suspended' ? random.int(first - 1, end) : end;
  return { status, enrolledOn, exitedOn: null, first, last };
}

function enrol(context: EnrolContext, programmeCode: string, beneficiaryKey: string, s: Span): void {
  context.enrolments.push({
    programmeCode,
    beneficiaryKey,
    status: s.status,
    enrolledOn: isoOf(s.enrolledOn),
    exitedOn: s.exitedOn === null ? null : isoOf(s.exitedOn),
  });
}

/** The cycles of a span that are paid: those in `months` of the year, due by the exit date. */
function* paidMonths(context: EnrolContext, s: Span, district: number, months?: ReadonlySet<number>): Generator<number> {
  for (let month = s.first; month <= s.last; month += 1) {
    if (months && !months.has(month % 12)) continue;
    if (s.exitedOn !== null && context.payroll.payDay(district, month) > s.exitedOn) break;
    yield month;
  }
}

export function enrolHousehold(context: EnrolContext, h: HouseholdInfo): void {
  sctp(context, h);
  publicWorks(context, h);
  schoolMeals(context, h);
}

const SCTP_STATUSES: StatusWeights = [
  ['potential', 14],
  ['active', 72],
  ['suspended', 7],
  ['graduated', 7],
];

function sctp(context: EnrolContext, h: HouseholdInfo): void {
  const { random, payroll } = context;
  // Labour-constrained households (elderly or child heads) are the programme's first target.
  if (!random.chance(h.kind === 'adult' ? 0.45 : 0.75)) return;
  const s = span(context, SCTP_STATUSES, 0.8);
  enrol(context, SCTP, h.key, s);
  const ages = h.members.map((m) => m.age);
  const monthly = sctpMonthly(
    h.members.length,
    ages.filter((a) => a >= 6 && a <= 13).length,
    ages.filter((a) => a >= 14 && a <= 17).length,
  );
  const recipient = h.individuals[h.recipient];
  const channel = channelFor(random, recipient?.phone ?? null, h.district, `${h.village.ta.name} pay point`);
  const enrolMonth = Math.floor(isoMonth(s.enrolledOn));
  for (const month of paidMonths(context, s, h.districtIndex)) {
    const transfer = { programme: SCTP, beneficiary: h.key, district: h.districtIndex, channel, month, amount: monthly, until: s.exitedOn };
    pay(payroll, transfer);
    if (month === enrolMonth + 1) {
      const days = daysInMonth(enrolMonth);
      const day = Number(isoOf(s.enrolledOn).slice(8));
      pay(payroll, { ...transfer, amount: prorated(monthly, day, days), suffix: 'A' });
    }
  }
}

function isoMonth(day: number): number {
  const iso = isoOf(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

const PWP_STATUSES: StatusWeights = [
  ['potential', 4],
  ['active', 78],
  ['suspended', 6],
  ['graduated', 12],
];

function publicWorks(context: EnrolContext, h: HouseholdInfo): void {
  const { random, payroll } = context;
  const able = h.members.findIndex((m) => m.age >= 18 && m.age <= 64);
  if (able < 0 || !random.chance(0.22)) return;
  const worker = h.individuals[able];
  if (!worker) return;
  const s = span(context, PWP_STATUSES, 0.85);
  enrol(context, PWP, worker.key, s);
  const channel = channelFor(random, worker.phone, h.district, `${h.village.ta.name} works site`);
  for (const month of paidMonths(context, s, h.districtIndex, PWP_MONTHS)) {
    // Some months the worker turns up on no day of the programme's works.
    const days = random.chance(0.1) ? 0 : random.int(6, PWP_MAX_DAYS);
    if (days === 0) continue;
    pay(payroll, {
      programme: PWP,
      beneficiary: worker.key,
      district: h.districtIndex,
      channel,
      month,
      amount: days * PWP_DAILY_WAGE,
      until: s.exitedOn,
    });
  }
}

const SMP_STATUSES: StatusWeights = [
  ['active', 92],
  ['graduated', 8],
];

function schoolMeals(context: EnrolContext, h: HouseholdInfo): void {
  const { random, payroll } = context;
  if (!SMP_DISTRICTS.has(h.district.location)) return;
  const office = h.district.code.slice(-3);
  const channel = {
    kind: 'voucher',
    provider: 'Take-home ration voucher',
    paymentPoint: `${h.village.name} Primary School`,
    office,
  } as const;
  h.members.forEach((member, i) => {
    const child = h.individuals[i];
    if (!child || member.age < 6 || member.age > 13 || !random.chance(0.8)) return;
    const s = span(context, SMP_STATUSES, 0.7);
    enrol(context, SMP, child.key, s);
    for (const month of paidMonths(context, s, h.districtIndex, SMP_MONTHS)) {
      pay(payroll, {
        programme: SMP,
        beneficiary: child.key,
        district: h.districtIndex,
        channel,
        month,
        amount: SMP_VOUCHER,
        until: s.exitedOn,
      });
    }
  });
}
