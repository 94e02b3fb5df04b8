/**
 * What the demo publishers fund in Malawi: fixed titles, sectors and partners. The random
 * generator only varies dates and money around this catalogue, so every seed tells the same
 * story with different figures.
 *
 * The three publishers are FICTIONAL. Their identifiers follow real IATI organisation-identifier
 * formats (a UK government department, a multilateral bank's DAC code, a UN agency's DAC code) so
 * the demo looks like real data, but the names, activities and figures are invented; so are the
 * Malawian partners' refs (Malawi chart of accounts votes, NGO Board numbers).
 */
export interface Org {
  readonly ref?: string;
  /** OrganisationType code: 10 government, 21/22 NGO, 40 multilateral. */
  readonly type: string;
  readonly name: string;
}

export interface Text {
  readonly en: string;
  readonly fr?: string;
}

/** ActivityStatus code: 1 pipeline, 2 implementation, 3 finalisation, 4 closed. */
export type Status = '1' | '2' | '3' | '4';

export interface BudgetItem {
  /** Code in Malawi's chart of accounts (vote-programme), BudgetIdentifierVocabulary 2. */
  readonly code: string;
  readonly percentage: number;
  readonly description: string;
}

/**
 * Where a programme works, as an IATI `<location>`: a district by name ("Mangochi District"), its
 * GeoNames id where the demo knows the real one (the ids UNDP publishes for Malawi's districts),
 * and an approximate point. `reach` 2: the programme's intended beneficiaries live there.
 */
export interface DemoLocation {
  readonly name: string;
  readonly geonames?: string;
  readonly point: readonly [latitude: string, longitude: string];
  readonly reach: '1' | '2';
}

export interface Programme {
  /** Appended to the publisher's prefix to make the iati-identifier. */
  readonly id: string;
  readonly title: Text;
  readonly description: Text;
  readonly objectives?: Text;
  /** DAC 5-digit sector codes (vocabulary 1) with percentages adding up to 100. */
  readonly sectors: readonly (readonly [code: string, percentage: number])[];
  readonly status: Status;
  readonly implementers: readonly Org[];
  /** AidType code (vocabulary 1); C01 project-type intervention when absent. */
  readonly aidType?: string;
  readonly financeType?: '110' | '421';
  /** Approximate commitment, in millions of the activity's currency (0 for a programme with components: theirs add up). */
  readonly size: number;
  readonly budgetItems?: readonly BudgetItem[];
  readonly locations?: readonly DemoLocation[];
  /** A second funder, whose money arrives as incoming funds in its own currency. */
  readonly coFunder?: { readonly org: Org; readonly currency: 'EUR' };
  readonly components?: readonly Programme[];
  /** The implementer publishes its own report of this activity under the same identifier. */
  readonly alsoReportedByImplementer?: boolean;
}

export type PublisherKey = 'bilateral' | 'bank' | 'agency';

export interface Publisher {
  readonly key: PublisherKey;
  readonly fileName: string;
  readonly org: Org & { readonly ref: string };
  /** Prefix of this publisher's iati-identifiers (its ref and a separator). */
  readonly prefix: string;
  readonly currency: 'GBP' | 'USD';
  /** First month (1-12) of the publisher's own financial year, used for its budget periods. */
  readonly fiscalYearStart: number;
  readonly collaborationType: string;
  readonly financeType: '110' | '421';
  /** Months between two disbursements (or expenditure reports). */
  readonly step: number;
  /** The publisher spends directly (expenditure, type 4) as well as disbursing to partners. */
  readonly spendsDirectly: boolean;
  /** Listed as accountable (role 2): the borrower of a loan, for instance. */
  readonly accountable?: Org;
  readonly programmes: readonly Programme[];
}

export const COUNTRY = 'MW';

const ministry = (vote: string, name: string): Org => ({ ref: `MW-COA-${vote}`, type: '10', name });
export const MINISTRY = {
  health: ministry('310', 'Ministry of Health'),
  education: ministry('250', 'Ministry of Education'),
  agriculture: ministry('130', 'Ministry of Agriculture'),
  finance: ministry('270', 'Ministry of Finance'),
  transport: ministry('500', 'Ministry of Transport and Public Works'),
  water: ministry('480', 'Ministry of Water and Sanitation'),
  gender: ministry('320', 'Ministry of Gender, Community Development and Social Welfare'),
  localGovernment: ministry('120', 'Ministry of Local Government, Unity and Culture'),
  energy: ministry('590', 'Ministry of Energy'),
  environment: ministry('550', 'Ministry of Natural Resources and Climate Change'),
  justice: ministry('440', 'Ministry of Justice'),
  disasters: ministry('091', 'Department of Disaster Management Affairs'),
  information: ministry('400', 'Ministry of Information and Digitalisation'),
  labour: ministry('360', 'Ministry of Labour'),
} as const;

export const NGO = {
  chikondi: { ref: 'MW-NBM-0417', type: '22', name: 'Chikondi Community Health Trust' },
  lakeshore: { ref: 'MW-NBM-0982', type: '22', name: 'Lakeshore Girls’ Education Network' },
  mothers: { ref: 'GB-CHC-1187654', type: '21', name: 'Mothers & Newborns Health Alliance' },
  electoral: { type: '15', name: 'Malawi Electoral Commission' },
} as const satisfies Record<string, Org>;

export const AGENCY_ORG = { ref: 'XM-DAC-41114', type: '40', name: 'United Nations Development Agency' } as const;

export const PARTNERSHIP_FACILITY: Org = { ref: 'XI-IATI-EC_INTPA', type: '40', name: 'European Partnership Facility' };
