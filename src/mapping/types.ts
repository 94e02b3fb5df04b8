/**
 * The mapping domain's vocabulary, shared by the rule store, the sheet reader, the apply engine
 * and the graph.
 *
 * A mapping rule says: money classified `sourceScheme:sourceCode` goes, for `share` per cent, to
 * `targetScheme:targetCode`, in fiscal years `validFrom`..`validTo` (start years, inclusive; null
 * is open). Target `cofog` is international (no country); `coa:<segment>` is a segment of one
 * country's chart of accounts, so the rule names that country.
 */
import type { SheetProblemShape } from './admin/graph-shapes.js';

export const SOURCE_SCHEMES = [
  /** DAC 5-digit purpose code (IATI sector vocabulary 1). */
  'dac5',
  /** DAC 3-digit category (sector vocabulary 2, and the category of every 5-digit code). */
  'dac3',
  /** IATI budget identifier (country-budget-items vocabulary 1). */
  'budget-identifier',
  /** COFOG class, group or division: how COFOG reaches a national functional code. */
  'cofog',
  /** IATI organisation identifier of a participating or receiving organisation. */
  'org-ref',
  /** An organisation's name as published, compared case- and accent-insensitively. */
  'org-name',
  /** One IATI activity: programme/project mapping and manual overrides. */
  'activity',
  /** One loan (`<source>:<number>`): its national programme or project. */
  'loan',
  /** An admin area of the social-protection registries (region, district…): its IFMIS location. */
  'admin-area',
] as const;
/**
 * Other sector vocabularies map by explicit rows only: `sector:7`, `sector:98`… An activity
 * location's administrative code maps by its GeographicVocabulary, `location:G1` (GeoNames) and
 * the like, to the chart's location segment (src/mapping/locations/match.ts).
 */
export type SourceScheme = (typeof SOURCE_SCHEMES)[number] | `sector:${string}` | `location:${string}`;

/** `cofog`, or `coa:<segment id>` of the rule's country (`coa:functional`, `coa:administrative`…). */
export type TargetScheme = 'cofog' | `coa:${string}`;

export interface MappingRuleFields {
  /** Upper-case ISO country code of the chart of accounts; null for `cofog` targets. */
  readonly country: string | null;
  readonly sourceScheme: string;
  readonly sourceCode: string;
  readonly targetScheme: string;
  readonly targetCode: string;
  /** Per cent, exact decimal text, 0 < share ≤ 100. */
  readonly share: string;
  readonly validFrom: number | null;
  readonly validTo: number | null;
}

/** A change to a rule carries who made it and why (kept in the rule's history). */
export interface ChangeNote {
  readonly by: string;
  readonly reason: string;
}

/** One problem with a mapping row, as a sheet or a mutation reports it (and the admin page shows it). */
export type MappingProblem = SheetProblemShape;

/** The dimensions of budget alignment (CABRI / Mokoro, "Putting aid on budget", 2008). */
export const ALIGNMENT_DIMENSIONS = [
  'onPlan',
  'onBudget',
  'onParliament',
  'onTreasury',
  'onProcurement',
  'onAccounting',
  'onAudit',
  'onReport',
] as const;
export type AlignmentDimension = (typeof ALIGNMENT_DIMENSIONS)[number];

/** One dimension's value as stored and served. */
export interface DimensionValue {
  readonly status: string;
  readonly share: string | null;
  readonly ruleId: string | null;
  readonly reasons: { reason: string; share: string | null }[];
  readonly overridden: boolean;
  readonly derived: Record<string, unknown> | null;
}
