/**
 * A social-protection registry as the hub reads it, whatever the source (openIMIS, a DCI registry,
 * a CSV/XLSX export): plain records keyed by the source's own ids. Personal fields are marked: the
 * hub stores them protected and serves them only to registry officers.
 */
export type Sex = 'F' | 'M' | 'X';
export type EnrolmentStatus = 'potential' | 'active' | 'suspended' | 'graduated';
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'reconciled';
export type HouseholdRole = 'head' | 'spouse' | 'child' | 'other';

export interface RegistryProgramme {
  readonly code: string;
  readonly name: string;
  /** Who is enrolled: a person, or a household (group). */
  readonly targeting: 'individual' | 'household';
  readonly transferType: 'cash' | 'in-kind' | 'voucher';
  readonly currency: string;
  /** Exact decimal text; null when the programme sets none. */
  readonly ceilingPerBeneficiary: string | null;
  /** ISO 3166 alpha-2. */
  readonly country: string;
}

/** Region → district → traditional authority → village: each level's parent one level up. */
export interface AdminArea {
  readonly code: string;
  readonly name: string;
  readonly level: number;
  readonly parent: string | null;
}

export interface RegistryIndividual {
  readonly key: string;
  /** Personal. */
  readonly givenName: string;
  /** Personal. */
  readonly familyName: string;
  readonly sex: Sex;
  /** Personal (ISO date); aggregates use the age band only. */
  readonly dateOfBirth: string;
  /** Personal; stored as a keyed hash. */
  readonly nationalId: string | null;
  /** Personal. */
  readonly phone: string | null;
  /** The lowest admin area known (personal at village level; aggregates go to district). */
  readonly areaCode: string;
}

export interface RegistryHousehold {
  readonly key: string;
  readonly areaCode: string;
}

export interface Membership {
  readonly householdKey: string;
  readonly individualKey: string;
  readonly role: HouseholdRole;
  /** The member who receives the household's transfers. */
  readonly recipient: boolean;
}

export interface Enrolment {
  readonly programmeCode: string;
  /** A household key (household targeting) or an individual key. */
  readonly beneficiaryKey: string;
  readonly status: EnrolmentStatus;
  readonly enrolledOn: string;
  readonly exitedOn: string | null;
}

export interface Payment {
  readonly key: string;
  readonly programmeCode: string;
  /** The payment cycle, e.g. `2024-03` (payroll month). */
  readonly cycle: string;
  readonly beneficiaryKey: string;
  /** Exact decimal text, never negative. */
  readonly amount: string;
  readonly currency: string;
  readonly dueDate: string;
  readonly paidDate: string | null;
  readonly status: PaymentStatus;
  readonly paymentPoint: string | null;
  readonly provider: string | null;
  readonly receipt: string | null;
}

export interface Grievance {
  readonly key: string;
  readonly programmeCode: string | null;
  readonly category: string;
  readonly channel: string;
  readonly priority: 'low' | 'medium' | 'high';
  readonly status: 'open' | 'in-progress' | 'resolved' | 'closed';
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly areaCode: string;
}

/**
 * Who pays for a programme: a line of the national budget (its budget-line key in the IFMIS
 * export, e.g. `320|04-01|…`) or a donor activity (its IATI identifier). The gateway joins them
 * to finance's budget lines and aid's activities.
 */
export interface ProgrammeFunding {
  readonly programmeCode: string;
  readonly kind: 'budget' | 'aid' | 'other';
  readonly reference: string;
  /** Who funds it, as the programme names them (Government of Malawi, World Bank…). */
  readonly funder: string | null;
  /** The share of the programme's transfers, per cent, exact decimal text; null when not known. */
  readonly share: string | null;
}

export interface HouseholdChange {
  readonly householdKey: string;
  readonly kind: 'member-added' | 'member-left' | 'moved';
  readonly on: string;
}

/** Everything one registry import brings; loaded whole or not at all. */
export interface RegistryBatch {
  readonly programmes: RegistryProgramme[];
  /** The funding sources of the batch's programmes (replacing what the hub held for them). */
  readonly funding: ProgrammeFunding[];
  readonly areas: AdminArea[];
  readonly households: RegistryHousehold[];
  readonly individuals: RegistryIndividual[];
  readonly memberships: Membership[];
  readonly enrolments: Enrolment[];
  readonly payments: Payment[];
  readonly grievances: Grievance[];
  readonly changes: HouseholdChange[];
}

/** One problem of a registry input, naming the file, the row (or record) and the field. */
export interface RegistryProblem {
  readonly file: string;
  /** 1-based row of a CSV/XLSX file (header = 1), or null for an API record. */
  readonly row: number | null;
  /** The record's own key (individual, payment…), when known. */
  readonly record: string | null;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/**
 * What an incremental pull from a registry API (openIMIS, DCI) brings: the records changed since
 * the last pull, and the keys the source reports deleted. Loaded by merging into what the hub
 * already holds for that source (src/registry/load/merge.ts), never by replacing it.
 */
export interface RegistryChanges {
  /** New or changed records; a changed record replaces the hub's copy whole. */
  readonly batch: RegistryBatch;
  readonly deleted: {
    readonly households: readonly string[];
    readonly individuals: readonly string[];
    readonly payments: readonly string[];
    readonly grievances: readonly string[];
  };
  /** The latest update time seen (ISO timestamp), where the next pull starts; null if nothing came. */
  readonly watermark: string | null;
}

/** An API read: the changes, or every problem found (then nothing may be loaded). */
export interface RegistryPull {
  readonly changes: RegistryChanges;
  readonly problems: RegistryProblem[];
}
