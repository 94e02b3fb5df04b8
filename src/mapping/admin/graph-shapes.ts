/**
 * What the admin page reads from the graph, as its JSON arrives in the browser. The page's code
 * (browser/) reads these, and the graph's object types implement them, so renaming or retyping a
 * field the page shows fails the type check of both. No imports: the browser build includes it.
 */

export interface CoverageTotalShape {
  currency: string;
  total: string;
  mapped: string;
  unmapped: string;
  mappedShare: string | null;
  transactions: number;
}

export interface UnmappedSourceShape {
  donorRef: string | null;
  donorName: string | null;
  sourceScheme: string | null;
  sourceCode: string | null;
  currency: string;
  amount: string;
  activities: number;
}

export interface MappingCoverageShape {
  segment: string;
  country: string | null;
  transactionTypes: string[];
  totals: CoverageTotalShape[];
  unmapped: UnmappedSourceShape[];
}

/** A rule; its id is a GraphQL ID, so the page receives the hub's number as a string. */
export interface MappingRuleShape<Id = string> {
  id: Id;
  country: string | null;
  sourceScheme: string;
  sourceCode: string;
  targetScheme: string;
  targetCode: string;
  share: string;
  validFrom: number | null;
  validTo: number | null;
  status: string;
  version: number;
  origin: string;
  changedBy: string;
  changedAt: string;
  reason: string;
}

export interface MappingRuleResultShape<Id = string> {
  rule: MappingRuleShape<Id>;
  reapplied: number;
}

/** One entry of a rule's history: before and after are the rule's fields as they were stored. */
export interface MappingChangeShape {
  id: string;
  operation: string;
  version: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedBy: string;
  changedAt: string;
  reason: string;
  batch: string | null;
}

export interface MappingSheetResultShape {
  batch: string;
  rows: number;
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
  reapplied: number;
}

/** A problem of a refused sheet, as the error's extensions.problems list it. */
export interface SheetProblemShape {
  /** 1-based row of the sheet (the header is row 1), or null for a problem of a group of rows. */
  readonly row: number | null;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface AmountInCurrencyShape {
  currency: string;
  amount: string;
}

export interface EntitySuggestionShape {
  code: string;
  name: string;
  score: number;
  matchedOn: string;
}

export interface UnmappedOrganisationShape {
  sourceScheme: string;
  sourceCode: string;
  name: string | null;
  unmapped: AmountInCurrencyShape[];
  activities: number;
  suggestions: EntitySuggestionShape[];
}

export interface FinanceCountryShape {
  code: string;
  name: string;
}

export interface CoaSegmentShape {
  id: string;
  kind: string;
  name: string;
}
