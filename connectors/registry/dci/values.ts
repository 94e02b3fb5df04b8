import type { RegistryProblemCode } from '../problems.js';
import type { AdminArea, EnrolmentStatus, HouseholdRole, PaymentStatus, Sex } from '../types.js';

/**
 * Reading single DCI values. Each reader returns the value, or null after reporting a problem
 * through `Report` (field = the JSON path). Blank strings count as absent: the published examples
 * fill unknown fields with "" or " ".
 */
export type Report = (field: string, code: RegistryProblemCode, message: string) => void;
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Trimmed text, or null when absent or blank. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** An object or the first of a list of them (the examples give names both ways). */
export function first(value: unknown): Json | null {
  if (Array.isArray(value)) return value.find(isObject) ?? null;
  return isObject(value) ? value : null;
}

/** A list of objects (a single object counts as a list of one). */
export function list(value: unknown): { item: Json; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => (isObject(item) ? [{ item, at: `[${i}]` }] : []));
  return isObject(value) ? [{ item: value, at: '' }] : [];
}

export interface Identifier {
  readonly type: string | null;
  readonly value: string;
}

/** `[{identifier_type, identifier_value}]`, one such object, or a bare string. */
export function identifiers(value: unknown): Identifier[] {
  if (typeof value === 'string') return text(value) ? [{ type: null, value: value.trim() }] : [];
  return list(value).flatMap(({ item }) => {
    const v = text(item.identifier_value);
    return v ? [{ type: text(item.identifier_type), value: v }] : [];
  });
}

const NATIONAL_ID_TYPES = new Set(['NID', 'UIN', 'NATIONALID', 'NATIONAL_ID', 'NIN']);

export function nationalId(ids: readonly Identifier[]): string | null {
  return ids.find((id) => id.type !== null && NATIONAL_ID_TYPES.has(id.type.toUpperCase()))?.value ?? null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time → its date (as written, not shifted to UTC). */
export function readDate(value: unknown, field: string, report: Report, today: string | null, required: boolean): string | null {
  const t = text(value);
  if (t === null) {
    if (required) report(field, 'MISSING_VALUE', 'a date is required');
    return null;
  }
  const m = ISO.exec(t);
  const [year, month, day] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  if (!m || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    report(field, 'BAD_DATE', `"${t}" is not an ISO 8601 date (YYYY-MM-DD or a date-time)`);
    return null;
  }
  const date = t.slice(0, 10);
  if (today !== null && date > today) {
    report(field, 'FUTURE_DATE', `${date} is after today (${today})`);
    return null;
  }
  return date;
}

/** A date-time as an ISO timestamp (UTC), for watermarks; null when blank or unreadable. */
export function timestamp(value: unknown): string | null {
  const t = text(value);
  if (t === null || !ISO.test(t)) return null;
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function oneOf<T>(value: unknown, field: string, report: Report, what: string, map: Record<string, T>): T | null {
  const t = text(value);
  if (t === null) {
    report(field, 'MISSING_VALUE', `${what} is required`);
    return null;
  }
  const found = map[t.toLowerCase()];
  if (found === undefined) {
    report(field, 'UNKNOWN_VALUE', `"${t}" is not a known ${what} (${[...new Set(Object.keys(map))].join(', ')})`);
    return null;
  }
  return found;
}

/** cd.com.03 words and the one-letter forms the examples use. */
const SEX: Record<string, Sex> = { f: 'F', female: 'F', m: 'M', male: 'M', x: 'X', other: 'X', intersex: 'X' };
export const readSex = (v: unknown, field: string, report: Report): Sex | null => oneOf(v, field, report, 'sex', SEX);

const ROLE: Record<string, HouseholdRole> = {
  self: 'head',
  head: 'head',
  spouse: 'spouse',
  wife: 'spouse',
  husband: 'spouse',
  partner: 'spouse',
  child: 'child',
  son: 'child',
  daughter: 'child',
  parent: 'other',
  father: 'other',
  mother: 'other',
  sibling: 'other',
  brother: 'other',
  sister: 'other',
  grandchild: 'other',
  grandparent: 'other',
  relative: 'other',
  other: 'other',
  'non-relative': 'other',
};
export const readRole = (v: unknown, field: string, report: Report): HouseholdRole | null =>
  oneOf(v, field, report, 'relationship to the head', ROLE);

/**
 * Enrolment and payment statuses as words. The IBR code directories (cd.ibr.02 and the payment
 * status list) that the numeric codes of the examples refer to are not in the shared data, so a
 * numeric code is reported as unknown rather than guessed.
 */
const ENROLMENT: Record<string, EnrolmentStatus> = {
  active: 'active',
  enrolled: 'active',
  potential: 'potential',
  pending: 'potential',
  registered: 'potential',
  suspended: 'suspended',
  graduated: 'graduated',
  exited: 'graduated',
};
export const readEnrolmentStatus = (v: unknown, field: string, report: Report): EnrolmentStatus | null =>
  oneOf(v, field, report, 'enrolment status', ENROLMENT);

const PAYMENT: Record<string, PaymentStatus> = {
  paid: 'paid',
  credited: 'paid',
  success: 'paid',
  pending: 'pending',
  scheduled: 'pending',
  failed: 'failed',
  rejected: 'failed',
  returned: 'failed',
  reconciled: 'reconciled',
};
export const readPaymentStatus = (v: unknown, field: string, report: Report): PaymentStatus | null =>
  oneOf(v, field, report, 'payment status', PAYMENT);

const TRANSFER: Record<string, 'cash' | 'in-kind' | 'voucher'> = {
  cash: 'cash',
  'in-kind': 'in-kind',
  'in kind': 'in-kind',
  in_kind: 'in-kind',
  inkind: 'in-kind',
  voucher: 'voucher',
};
export const readTransferType = (v: unknown, field: string, report: Report): 'cash' | 'in-kind' | 'voucher' | null =>
  oneOf(v, field, report, 'benefit type', TRANSFER);

/** A DCI amount: currency and decimal in one string, "USD 50" / "EUR 85.50". */
export function readMoney(value: unknown, field: string, report: Report): { currency: string; amount: string } | null {
  const t = text(value);
  if (t === null) {
    report(field, 'MISSING_VALUE', 'an amount is required');
    return null;
  }
  const m = /^([A-Za-z]{3})\s*(-?)\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (!m) {
    const code = /^[A-Za-z]{3}\s/.test(t) ? 'NOT_A_NUMBER' : 'BAD_CURRENCY';
    report(field, code, `"${t}" is not "<ISO 4217 currency> <amount>"`);
    return null;
  }
  const [, currency = '', minus, digits = ''] = m;
  if (minus) {
    report(field, 'NEGATIVE_AMOUNT', `${t} is negative`);
    return null;
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    report(field, 'BAD_CURRENCY', `"${currency}" is not an ISO 4217 code (upper case)`);
    return null;
  }
  return { currency, amount: digits.replace(/^0+(?=\d)/, '') };
}

/** The admin areas an address (or a record with top-level codes) names: region, then sub-region. */
export function areasOf(address: Json | null): AdminArea[] {
  if (!address) return [];
  const region = text(address.region_code);
  const sub = text(address.sub_region_code);
  const out: AdminArea[] = [];
  if (region) out.push({ code: region, name: region, level: 1, parent: null });
  if (sub) out.push({ code: sub, name: sub, level: 2, parent: region });
  return out;
}
