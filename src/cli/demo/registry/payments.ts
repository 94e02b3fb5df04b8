import type { Payment, PaymentStatus } from '../../../../connectors/registry/types.js';
import type { Random } from '../random.js';
import { cycleOf, dayIn, isoOf } from './dates.js';
import { kwacha } from './programmes.js';

/**
 * Monthly payrolls. Each district has its pay day in each cycle; a payment is made a few days
 * after it (mobile money fastest, cash pay points when the team arrives), a few fail (wrong
 * number, recipient absent) and most of those are paid again two weeks later under a new key.
 * Payments of the last cycles are not all made yet, and those older than two cycles are
 * reconciled with the provider's statement.
 */
export interface Period {
  /** First and last cycle, as month indices. */
  readonly start: number;
  readonly end: number;
}

export interface Channel {
  readonly kind: 'mobile' | 'bank' | 'cash' | 'voucher';
  readonly provider: string;
  readonly paymentPoint: string | null;
  /** Short code used in cash and voucher receipts (the district's abbreviation). */
  readonly office: string;
}

/** Days from the due date to payment, by channel. */
const LAG: Readonly<Record<Channel['kind'], readonly [number, number]>> = {
  mobile: [0, 3],
  bank: [1, 5],
  cash: [0, 6],
  voucher: [0, 10],
};

const FAILED = 0.025;
const RETRIED = 0.7;

export interface Payroll {
  readonly random: Random;
  readonly period: Period;
  /** The district's pay day in a cycle (days since the epoch). */
  readonly payDay: (district: number, month: number) => number;
  readonly payments: Payment[];
  serial: number;
}

export function payDays(random: Random, districts: number, period: Period): (district: number, month: number) => number {
  const months = period.end - period.start + 1;
  const days = Array.from({ length: districts * months }, () => random.int(8, 22));
  return (district, month) => dayIn(month, days[district * months + (month - period.start)] ?? 15);
}

export interface Transfer {
  readonly programme: string;
  readonly beneficiary: string;
  readonly district: number;
  readonly channel: Channel;
  readonly month: number;
  /** In tambala. */
  readonly amount: number;
  /** Key suffix for a second transfer in the same cycle (`A` for arrears). */
  readonly suffix?: string;
  /** The enrolment's exit day: nothing is due after it, not even a second attempt. */
  readonly until?: number | null;
}

export function pay(payroll: Payroll, transfer: Transfer): void {
  const { random, period } = payroll;
  const due = payroll.payDay(transfer.district, transfer.month);
  const key = `${transfer.programme}-${cycleOf(transfer.month)}-${transfer.beneficiary}${transfer.suffix ? `-${transfer.suffix}` : ''}`;
  const r = random.next();
  const pending = transfer.month === period.end ? 0.15 : transfer.month === period.end - 1 ? 0.02 : 0;
  if (r < FAILED) {
    payroll.payments.push(record(payroll, transfer, key, due, 'failed', null));
    const retry = due + 14;
    if (random.chance(RETRIED) && retry <= (transfer.until ?? Infinity)) {
      const stillPending = transfer.month === period.end && random.chance(0.4);
      payroll.payments.push(
        record(
          payroll,
          transfer,
          `${key}-R`,
          retry,
          stillPending ? 'pending' : settled(transfer, period),
          stillPending ? null : paidDay(random, transfer.channel, retry),
        ),
      );
    }
  } else if (r < FAILED + pending) {
    payroll.payments.push(record(payroll, transfer, key, due, 'pending', null));
  } else {
    payroll.payments.push(record(payroll, transfer, key, due, settled(transfer, period), paidDay(random, transfer.channel, due)));
  }
}

const settled = (transfer: Transfer, period: Period): PaymentStatus => (transfer.month <= period.end - 2 ? 'reconciled' : 'paid');

function paidDay(random: Random, channel: Channel, due: number): number {
  const [min, max] = LAG[channel.kind];
  return due + random.int(min, max);
}

function record(payroll: Payroll, transfer: Transfer, key: string, due: number, status: PaymentStatus, paid: number | null): Payment {
  const { channel } = transfer;
  return {
    key,
    programmeCode: transfer.programme,
    cycle: cycleOf(transfer.month),
    beneficiaryKey: transfer.beneficiary,
    amount: kwacha(transfer.amount),
    currency: 'MWK',
    dueDate: isoOf(due),
    paidDate: paid === null ? null : isoOf(paid),
    status,
    paymentPoint: channel.paymentPoint,
    provider: channel.provider,
    receipt: paid === null ? null : receipt(payroll, transfer, paid),
  };
}

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Receipts as each provider writes them: a transaction id, a bank reference, a pay-point slip. */
function receipt(payroll: Payroll, transfer: Transfer, paid: number): string {
  const { random } = payroll;
  const date = isoOf(paid).replaceAll('-', '').slice(2);
  payroll.serial += 1;
  const serial = String(payroll.serial).padStart(7, '0');
  const code = (length: number): string => {
    let text = '';
    for (let i = 0; i < length; i += 1) text += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
    return text;
  };
  switch (transfer.channel.kind) {
    case 'mobile':
      return `${transfer.channel.provider === 'Airtel Money' ? 'CI' : 'MP'}${date}.${code(4)}.${code(6)}`;
    case 'bank':
      return `FT${date}${code(6)}`;
    case 'cash':
      return `CPP/${transfer.channel.office}/${cycleOf(transfer.month)}/${serial}`;
    case 'voucher':
      return `THR/${transfer.channel.office}/${serial}`;
  }
}

/** How a person is paid: to their mobile wallet when they have a phone (mostly), else bank or cash. */
export function channelFor(random: Random, phone: string | null, district: { name: string; code: string }, payPoint: string): Channel {
  const office = district.code.slice(-3);
  if (phone && random.chance(0.75)) {
    const airtel = phone.startsWith('+26599') || phone.startsWith('+26598');
    return { kind: 'mobile', provider: airtel ? 'Airtel Money' : 'TNM Mpamba', paymentPoint: null, office };
  }
  if (random.chance(0.1)) return { kind: 'bank', provider: 'National Bank of Malawi', paymentPoint: `${district.name} branch`, office };
  return { kind: 'cash', provider: 'District Council cash pay point', paymentPoint: payPoint, office };
}
