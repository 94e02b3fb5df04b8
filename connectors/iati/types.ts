/**
 * The normalised shape of one IATI activity, the same for every IATI version (1.0x and 2.0x).
 * Codes are v2 codes; where a v1 code was translated, the original is kept and a warning says so.
 * Money and percentages are decimal strings, exactly as published; dates are `YYYY-MM-DD`.
 */
export interface Narrative {
  readonly lang: string | null;
  readonly text: string;
}

export interface OrgRef {
  readonly ref: string | null;
  readonly type: string | null;
  readonly name: string | null;
  /** The identifier of the activity on the organisation's side (provider-/receiver-activity-id). */
  readonly activityId: string | null;
}

export interface ParticipatingOrg extends OrgRef {
  readonly role: string | null;
  readonly crsChannelCode: string | null;
}

export interface CodeRef {
  readonly vocabulary: string;
  readonly code: string;
}

export interface Sector extends CodeRef {
  readonly percentage: string | null;
  readonly name: string | null;
}

export interface RecipientCountry {
  readonly code: string;
  readonly percentage: string | null;
}

export interface RecipientRegion extends CodeRef {
  readonly percentage: string | null;
}

export interface Transaction {
  readonly ref: string | null;
  /** v2 TransactionType code; null where the publisher gave none. */
  readonly type: string | null;
  /** The code as published when it was a v1 code (e.g. `D`). */
  readonly typeOriginal: string | null;
  readonly date: string;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
  readonly description: string | null;
  readonly provider: OrgRef | null;
  readonly receiver: OrgRef | null;
  readonly disbursementChannel: string | null;
  readonly aidTypes: readonly CodeRef[];
  readonly financeType: string | null;
  readonly flowType: string | null;
  readonly tiedStatus: string | null;
  readonly humanitarian: boolean | null;
  readonly recipientCountry: string | null;
  readonly recipientRegion: string | null;
  readonly sectors: readonly Sector[];
}

export interface Budget {
  readonly type: string | null;
  readonly status: string | null;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
}

export interface PlannedDisbursement {
  readonly type: string | null;
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
  readonly provider: OrgRef | null;
  readonly receiver: OrgRef | null;
}

export interface CountryBudgetItem {
  readonly vocabulary: string;
  readonly code: string;
  readonly percentage: string | null;
  readonly description: string | null;
}

export interface RelatedActivity {
  readonly type: string | null;
  readonly ref: string;
}

export interface ActivityDate {
  readonly type: string;
  readonly date: string;
}

export interface Description {
  readonly type: string | null;
  readonly narratives: readonly Narrative[];
}

export interface Condition {
  readonly type: string;
  readonly text: string | null;
}

/** An `<administrative>` code of a location: vocabulary (GeographicVocabulary), level, code. */
export interface AdministrativeCode {
  readonly vocabulary: string | null;
  readonly level: number | null;
  readonly code: string;
}

/** A `<location>` of an activity (IATI 2.0x); the point's coordinates are exact decimal text. */
export interface Location {
  readonly ref: string | null;
  /** GeographicLocationReach: 1 the activity happens here, 2 its intended beneficiaries live here. */
  readonly reach: string | null;
  readonly locationIds: readonly CodeRef[];
  readonly name: string | null;
  readonly description: string | null;
  readonly activityDescription: string | null;
  readonly administrative: readonly AdministrativeCode[];
  readonly latitude: string | null;
  readonly longitude: string | null;
  /** GeographicExactness: 1 exact, 2 approximate. */
  readonly exactness: string | null;
  readonly locationClass: string | null;
  readonly featureDesignation: string | null;
}

export interface Warning {
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

export interface ActivityRecord {
  readonly identifier: string;
  /** True when a 1.0x file had no iati-identifier and one was built from reporting org + other-identifier. */
  readonly identifierSynthesized: boolean;
  /** The IATI version that applied to this activity, and where it came from. */
  readonly version: string;
  readonly versionSource: 'activity' | 'file' | 'assumed';
  readonly lastUpdated: string | null;
  readonly defaultLang: string | null;
  readonly defaultCurrency: string | null;
  readonly hierarchy: number | null;
  readonly humanitarian: boolean | null;
  readonly reportingOrg: OrgRef & { readonly secondaryReporter: boolean };
  readonly participatingOrgs: readonly ParticipatingOrg[];
  readonly titles: readonly Narrative[];
  readonly descriptions: readonly Description[];
  readonly status: string | null;
  readonly dates: readonly ActivityDate[];
  readonly recipientCountries: readonly RecipientCountry[];
  readonly recipientRegions: readonly RecipientRegion[];
  readonly sectors: readonly Sector[];
  readonly collaborationType: string | null;
  readonly defaultFlowType: string | null;
  readonly defaultFinanceType: string | null;
  readonly defaultAidTypes: readonly CodeRef[];
  readonly defaultTiedStatus: string | null;
  readonly countryBudgetItems: readonly CountryBudgetItem[];
  readonly capitalSpend: string | null;
  readonly conditionsAttached: boolean | null;
  readonly conditions: readonly Condition[];
  readonly relatedActivities: readonly RelatedActivity[];
  readonly locations: readonly Location[];
  readonly transactions: readonly Transaction[];
  readonly budgets: readonly Budget[];
  readonly plannedDisbursements: readonly PlannedDisbursement[];
  readonly warnings: readonly Warning[];
}
