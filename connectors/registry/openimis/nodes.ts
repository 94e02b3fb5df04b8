/**
 * openIMIS records as its GraphQL API returns them (graphene-django over the individual,
 * social_protection, payroll, grievance_social_protection and location modules): camelCase field
 * names, `uuid` beside the relay global `id`, `jsonExt` as a JSONString (JSON text, not an object),
 * decimals as text, dates as `YYYY-MM-DD` and date-times as ISO text.
 */
export interface UuidRef {
  readonly uuid: string;
}

export interface CodeRef {
  readonly code: string;
}

/** What every HistoryModel node carries: the pull keys on `uuid` and pages by `dateUpdated`. */
export interface Stamped {
  readonly uuid: string;
  readonly dateUpdated: string;
  readonly isDeleted: boolean;
}

export interface LocationNode {
  readonly uuid: string;
  readonly code: string;
  readonly name: string;
  /** R (region), D (district), W (ward / municipality), V (village). */
  readonly type: string | null;
  readonly parent: (UuidRef & CodeRef) | null;
}

export interface BenefitPlanNode extends Stamped {
  readonly code: string;
  readonly name: string;
  /** INDIVIDUAL or GROUP. */
  readonly type: string | null;
  readonly ceilingPerBeneficiary: string | null;
  readonly jsonExt: unknown;
}

export interface IndividualNode extends Stamped {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly dob: string | null;
  readonly jsonExt: unknown;
  readonly location: CodeRef | null;
}

export interface GroupNode extends Stamped {
  readonly code: string | null;
  readonly jsonExt: unknown;
  readonly location: CodeRef | null;
}

export interface GroupIndividualNode extends Stamped {
  readonly group: UuidRef | null;
  readonly individual: UuidRef | null;
  /** HEAD, SPOUSE, SON, DAUGHTER, GRANDFATHER, GRANDMOTHER, MOTHER, FATHER, or null. */
  readonly role: string | null;
  /** PRIMARY, SECONDARY, or null. */
  readonly recipientType: string | null;
}

interface Enrolled extends Stamped {
  readonly benefitPlan: CodeRef | null;
  /** POTENTIAL, ACTIVE, GRADUATED, SUSPENDED. */
  readonly status: string | null;
  readonly dateValidFrom: string | null;
  readonly dateValidTo: string | null;
}

export interface BeneficiaryNode extends Enrolled {
  readonly individual: UuidRef | null;
}

export interface GroupBeneficiaryNode extends Enrolled {
  readonly group: UuidRef | null;
}

export interface PayrollNode {
  readonly uuid: string;
  readonly name: string;
  readonly status: string | null;
  readonly benefitPlan: CodeRef | null;
  readonly paymentCycle: (CodeRef & { readonly startDate: string | null }) | null;
  readonly paymentPoint: { readonly name: string } | null;
  readonly paymentMethod: string | null;
}

export interface BenefitConsumptionNode extends Stamped {
  readonly code: string | null;
  readonly individual: UuidRef | null;
  readonly amount: string | null;
  readonly receipt: string | null;
  readonly dateDue: string | null;
  readonly status: string | null;
  readonly jsonExt: unknown;
}

/** The payroll ↔ benefit link: a benefit's programme and cycle are its payroll's. */
export interface PayrollBenefitNode {
  /** The relay global id (this type has no `uuid` field). */
  readonly id: string;
  readonly payroll: PayrollNode | null;
  readonly benefit: BenefitConsumptionNode | null;
}

export interface TicketNode extends Stamped {
  readonly code: string | null;
  readonly category: string | null;
  readonly channel: string | null;
  readonly priority: string | null;
  /** RECEIVED, OPEN, IN_PROGRESS, RESOLVED, CLOSED. */
  readonly status: string | null;
  readonly dateOfIncident: string | null;
  readonly dateCreated: string | null;
  readonly jsonExt: unknown;
}
