import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A social-protection registry as the hub holds it. Rows are keyed by (source, the source's own
 * key). Personal fields (names, date of birth, phone, village) are here for registry officers
 * only; the national ID is kept only as a keyed hash (HMAC-SHA-256), so a dump of the database
 * does not reveal it but the same ID in two registries still matches.
 */
const source = () => p.text();
/**
 * Drawn by the database when the row is first inserted (see the record-keys migration); never written by the hub.
 * Spelled as PostgreSQL stores `floor(random() * 1048576)::int`, so the schema check compares equal text.
 */
const recordKey = () => p.integer().defaultRaw('(floor((random() * (1048576)::double precision)))::integer');

export const RegistryProgramme = defineEntity({
  name: 'RegistryProgramme',
  tableName: 'reg_programme',
  properties: {
    code: p.text().primary(),
    source: source(),
    name: p.text(),
    targeting: p.text(),
    transferType: p.text(),
    currency: p.text(),
    ceilingPerBeneficiary: p.decimal('string').columnType('numeric').nullable(),
    country: p.text(),
  },
});
export type RegistryProgramme = InferEntity<typeof RegistryProgramme>;

/** Who pays for a programme: a national budget code or a donor activity (joined in the gateway). */
export const ProgrammeFunding = defineEntity({
  name: 'ProgrammeFunding',
  tableName: 'reg_programme_funding',
  properties: {
    programmeCode: p.text().primary(),
    kind: p.text().primary(),
    reference: p.text().primary(),
    funder: p.text().nullable(),
    share: p.decimal('string').columnType('numeric').nullable(),
  },
});
export type ProgrammeFunding = InferEntity<typeof ProgrammeFunding>;

export const AdminArea = defineEntity({
  name: 'AdminArea',
  tableName: 'reg_area',
  indexes: [{ properties: ['parent'] }],
  properties: {
    code: p.text().primary(),
    name: p.text(),
    level: p.integer(),
    parent: p.text().nullable(),
  },
});
export type AdminArea = InferEntity<typeof AdminArea>;

export const Household = defineEntity({
  name: 'Household',
  tableName: 'reg_household',
  uniques: [{ properties: ['source', 'key'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: source(),
    key: p.text(),
    areaCode: p.text().index(),
    /** Random, drawn by the database on insert and kept by re-imports: the cell key method's record key. */
    recordKey: recordKey(),
  },
});
export type Household = InferEntity<typeof Household>;

export const Individual = defineEntity({
  name: 'Individual',
  tableName: 'reg_individual',
  uniques: [{ properties: ['source', 'key'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: source(),
    key: p.text(),
    givenName: p.text(),
    familyName: p.text(),
    sex: p.text(),
    dateOfBirth: p.date(),
    /** HMAC-SHA-256 of the national ID under the hub's key (hex); never the ID itself. */
    nationalIdHash: p.text().nullable().index(),
    phone: p.text().nullable(),
    areaCode: p.text().index(),
    /** Random, drawn by the database on insert and kept by re-imports: the cell key method's record key. */
    recordKey: recordKey(),
  },
});
export type Individual = InferEntity<typeof Individual>;

export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'reg_membership',
  properties: {
    householdId: p.integer().primary(),
    individualId: p.integer().primary(),
    role: p.text(),
    recipient: p.boolean(),
  },
});
export type Membership = InferEntity<typeof Membership>;

export const Enrolment = defineEntity({
  name: 'Enrolment',
  tableName: 'reg_enrolment',
  indexes: [{ properties: ['programmeCode', 'status'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: source(),
    programmeCode: p.text(),
    householdId: p.integer().nullable().index(),
    individualId: p.integer().nullable().index(),
    status: p.text(),
    enrolledOn: p.date(),
    exitedOn: p.date().nullable(),
  },
});
export type Enrolment = InferEntity<typeof Enrolment>;

export const RegistryPayment = defineEntity({
  name: 'RegistryPayment',
  tableName: 'reg_payment',
  uniques: [{ properties: ['source', 'key'] }],
  indexes: [{ properties: ['programmeCode', 'cycle'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: source(),
    key: p.text(),
    programmeCode: p.text(),
    cycle: p.text(),
    householdId: p.integer().nullable().index(),
    individualId: p.integer().nullable().index(),
    amount: p.decimal('string').columnType('numeric'),
    currency: p.text(),
    dueDate: p.date(),
    paidDate: p.date().nullable(),
    status: p.text(),
    paymentPoint: p.text().nullable(),
    provider: p.text().nullable(),
    receipt: p.text().nullable(),
    /** Random, drawn by the database on insert and kept by re-imports: the cell key method's record key. */
    recordKey: recordKey(),
    /** The second key: the noise of amounts. */
    amountKey: recordKey(),
  },
});
export type RegistryPayment = InferEntity<typeof RegistryPayment>;

export const Grievance = defineEntity({
  name: 'Grievance',
  tableName: 'reg_grievance',
  uniques: [{ properties: ['source', 'key'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: source(),
    key: p.text(),
    programmeCode: p.text().nullable(),
    category: p.text(),
    channel: p.text(),
    priority: p.text(),
    status: p.text(),
    openedOn: p.date(),
    closedOn: p.date().nullable(),
    areaCode: p.text(),
    /** Random, drawn by the database on insert and kept by re-imports: the cell key method's record key. */
    recordKey: recordKey(),
  },
});
export type Grievance = InferEntity<typeof Grievance>;

export const HouseholdChange = defineEntity({
  name: 'HouseholdChange',
  tableName: 'reg_household_change',
  properties: {
    id: p.integer().primary().autoincrement(),
    householdId: p.integer().index(),
    kind: p.text(),
    on: p.date(),
    /** Random, drawn by the database on insert and kept by re-imports: the cell key method's record key. */
    recordKey: recordKey(),
  },
});
export type HouseholdChange = InferEntity<typeof HouseholdChange>;

/** Every read of a personal field or search by one: who, when, which records, which query (system admins read it). */
export const PersonalDataRead = defineEntity({
  name: 'PersonalDataRead',
  tableName: 'reg_personal_read',
  properties: {
    id: p.integer().primary().autoincrement(),
    readAt: p.datetime().defaultRaw('now()'),
    subject: p.text().index(),
    roles: p.json<string[]>(),
    operation: p.text().nullable(),
    query: p.text(),
    fields: p.json<string[]>(),
    /** Hub ids of the records read, by type: { Individual: [12, 40], Household: [7] }. */
    records: p.json<Record<string, number[]>>().defaultRaw(`'{}'`),
    /** What a search by personal attributes looked for: { nationalIdHash: '…', area: 'MW-…' }; null for a field read. */
    search: p.json<Record<string, string>>().nullable(),
  },
});
export type PersonalDataRead = InferEntity<typeof PersonalDataRead>;

/** Where the last pull from a registry API got to: the next one asks for what changed since. */
export const RegistrySourceSync = defineEntity({
  name: 'RegistrySourceSync',
  tableName: 'reg_source_sync',
  properties: {
    source: p.text().primary(),
    watermark: p.text().nullable(),
    pulledAt: p.datetime(),
  },
});
export type RegistrySourceSync = InferEntity<typeof RegistrySourceSync>;
