import type { RegistryBatch } from './types.js';

/**
 * The registry CSV export: one file per record type (`<type>.csv`, or a sheet named `<type>` in
 * an XLSX workbook), a header row with the column names below, one record per row. Empty cells
 * are null. Dates are ISO `YYYY-MM-DD`, cycles `YYYY-MM`, amounts exact decimals with a point and
 * no thousands separators (`12500`, `7419.35`), booleans `true`/`false`. Key columns carry the
 * same name wherever they are referenced (`household_key` in households.csv, memberships.csv and
 * household-changes.csv), so a file can be read without the others' documentation.
 */
export const RECORD_TYPES = [
  'programmes',
  'programme-funding',
  'areas',
  'households',
  'individuals',
  'memberships',
  'enrolments',
  'payments',
  'grievances',
  'household-changes',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Record types a registry import cannot do without: the social registry itself. */
export const REQUIRED_TYPES: ReadonlySet<RecordType> = new Set(['areas', 'households', 'individuals', 'memberships']);

export type ColumnKind =
  | { readonly kind: 'text' }
  | { readonly kind: 'date'; readonly mayBeFuture?: boolean }
  | { readonly kind: 'cycle' }
  | { readonly kind: 'amount' }
  | { readonly kind: 'level' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'currency' }
  | { readonly kind: 'country' }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

export type ColumnSpec = ColumnKind & {
  /** The column's name in the export. */
  readonly name: string;
  /** The record field it fills. */
  readonly field: string;
  /** The column may be left out of a file, and its cells may be empty (null). */
  readonly optional?: boolean;
};

export interface FileSpec {
  readonly type: RecordType;
  readonly batchKey: keyof RegistryBatch;
  readonly columns: readonly ColumnSpec[];
  /** The columns whose values name a record in problems (joined with `/`). */
  readonly key: readonly string[];
  /** Whether two rows with the same key are a problem. */
  readonly unique: boolean;
}

const text = (name: string, field: string, optional = false): ColumnSpec => ({ name, field, kind: 'text', optional });
const date = (name: string, field: string, optional = false, mayBeFuture = false): ColumnSpec => ({
  name,
  field,
  kind: 'date',
  optional,
  mayBeFuture,
});
const oneOf = (name: string, field: string, values: readonly string[], optional = false): ColumnSpec => ({
  name,
  field,
  kind: 'enum',
  values,
  optional,
});

export const SEXES = ['F', 'M', 'X'] as const;
export const ROLES = ['head', 'spouse', 'child', 'other'] as const;
export const ENROLMENT_STATUSES = ['potential', 'active', 'suspended', 'graduated'] as const;
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'reconciled'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const GRIEVANCE_STATUSES = ['open', 'in-progress', 'resolved', 'closed'] as const;
export const CHANGE_KINDS = ['member-added', 'member-left', 'moved'] as const;
export const FUNDING_KINDS = ['budget', 'aid', 'other'] as const;

export const FILE_SPECS: Readonly<Record<RecordType, FileSpec>> = {
  programmes: {
    type: 'programmes',
    batchKey: 'programmes',
    key: ['programme_code'],
    unique: true,
    columns: [
      text('programme_code', 'code'),
      text('name', 'name'),
      oneOf('targeting', 'targeting', ['individual', 'household']),
      oneOf('transfer_type', 'transferType', ['cash', 'in-kind', 'voucher']),
      { name: 'currency', field: 'currency', kind: 'currency' },
      { name: 'ceiling_per_beneficiary', field: 'ceilingPerBeneficiary', kind: 'amount', optional: true },
      { name: 'country', field: 'country', kind: 'country' },
    ],
  },
  'programme-funding': {
    type: 'programme-funding',
    batchKey: 'funding',
    key: ['programme_code', 'funding_kind', 'reference'],
    unique: true,
    columns: [
      text('programme_code', 'programmeCode'),
      oneOf('funding_kind', 'kind', FUNDING_KINDS),
      text('reference', 'reference'),
      text('funder', 'funder', true),
      { name: 'share', field: 'share', kind: 'amount', optional: true },
    ],
  },
  areas: {
    type: 'areas',
    batchKey: 'areas',
    key: ['area_code'],
    unique: true,
    columns: [
      text('area_code', 'code'),
      text('name', 'name'),
      { name: 'level', field: 'level', kind: 'level' },
      text('parent_code', 'parent', true),
    ],
  },
  households: {
    type: 'households',
    batchKey: 'households',
    key: ['household_key'],
    unique: true,
    columns: [text('household_key', 'key'), text('area_code', 'areaCode')],
  },
  individuals: {
    type: 'individuals',
    batchKey: 'individuals',
    key: ['individual_key'],
    unique: true,
    columns: [
      text('individual_key', 'key'),
      text('given_name', 'givenName'),
      text('family_name', 'familyName'),
      oneOf('sex', 'sex', SEXES),
      date('date_of_birth', 'dateOfBirth'),
      text('national_id', 'nationalId', true),
      text('phone', 'phone', true),
      text('area_code', 'areaCode'),
    ],
  },
  memberships: {
    type: 'memberships',
    batchKey: 'memberships',
    key: ['household_key', 'individual_key'],
    unique: true,
    columns: [
      text('household_key', 'householdKey'),
      text('individual_key', 'individualKey'),
      oneOf('role', 'role', ROLES),
      { name: 'recipient', field: 'recipient', kind: 'bool' },
    ],
  },
  enrolments: {
    type: 'enrolments',
    batchKey: 'enrolments',
    key: ['programme_code', 'beneficiary_key'],
    unique: true,
    columns: [
      text('programme_code', 'programmeCode'),
      text('beneficiary_key', 'beneficiaryKey'),
      oneOf('status', 'status', ENROLMENT_STATUSES),
      date('enrolled_on', 'enrolledOn'),
      date('exited_on', 'exitedOn', true),
    ],
  },
  payments: {
    type: 'payments',
    batchKey: 'payments',
    key: ['payment_key'],
    unique: true,
    columns: [
      text('payment_key', 'key'),
      text('programme_code', 'programmeCode'),
      { name: 'cycle', field: 'cycle', kind: 'cycle' },
      text('beneficiary_key', 'beneficiaryKey'),
      { name: 'amount', field: 'amount', kind: 'amount' },
      { name: 'currency', field: 'currency', kind: 'currency' },
      // A payment may be scheduled ahead; only what happened (paid_date) cannot be in the future.
      date('due_date', 'dueDate', false, true),
      date('paid_date', 'paidDate', true),
      oneOf('status', 'status', PAYMENT_STATUSES),
      text('payment_point', 'paymentPoint', true),
      text('provider', 'provider', true),
      text('receipt', 'receipt', true),
    ],
  },
  grievances: {
    type: 'grievances',
    batchKey: 'grievances',
    key: ['grievance_key'],
    unique: true,
    columns: [
      text('grievance_key', 'key'),
      text('programme_code', 'programmeCode', true),
      text('category', 'category'),
      text('channel', 'channel'),
      oneOf('priority', 'priority', PRIORITIES),
      oneOf('status', 'status', GRIEVANCE_STATUSES),
      date('opened_on', 'openedOn'),
      date('closed_on', 'closedOn', true),
      text('area_code', 'areaCode'),
    ],
  },
  'household-changes': {
    type: 'household-changes',
    batchKey: 'changes',
    key: ['household_key'],
    unique: false,
    columns: [text('household_key', 'householdKey'), oneOf('kind', 'kind', CHANGE_KINDS), date('changed_on', 'on')],
  },
};

/** The header row of a record type's file. */
export function headerOf(type: RecordType): string[] {
  return FILE_SPECS[type].columns.map((column) => column.name);
}
