/**
 * A country's chart of accounts (CoA), configured as data in `mappings/coa/<country>/`:
 *
 *   coa.json            the country, its currency, fiscal calendar and segments (below)
 *   <segment>.csv       a segment's codes: code,parent,level,name[,name_en,name_fr,name_es]
 *
 * A segment either lists its own codes, or uses a shared classification from
 * `mappings/classifications/` (`cofog` for functional, `gfs2014-economic` for economic), or is
 * open (any code accepted, e.g. investment-project keys).
 */
export const SEGMENT_KINDS = ['administrative', 'economic', 'functional', 'programme', 'fund', 'location', 'other'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export const CLASSIFICATIONS = ['cofog', 'gfs2014-economic'] as const;
export type ClassificationId = (typeof CLASSIFICATIONS)[number];

export interface SegmentConfig {
  /** Stable id used in column maps and queries, e.g. `administrative`, `functional`, `fund`. */
  readonly id: string;
  readonly kind: SegmentKind;
  readonly name: string;
  /** Names of the hierarchy levels, top first, e.g. ["division", "group", "class"]. */
  readonly levels: readonly string[];
  /** Codes file in the country folder (`codes`), or a shared classification, or neither with `open`. */
  readonly codes?: string;
  readonly classification?: ClassificationId;
  /** Any code is accepted; a code not listed has no name and no parent. */
  readonly open?: boolean;
}

export interface FiscalCalendarConfig {
  /** Month the fiscal year starts (1 = January … 12 = December). */
  readonly startMonth: number;
  /**
   * How a fiscal year is named: `{start}` and `{end}` are 4-digit years, `{end:2}` the last two
   * digits of the end year. Default: `{start}` for calendar years, `{start}/{end:2}` otherwise.
   */
  readonly label?: string;
}

export interface CountryCoaConfig {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly name: string;
  /** ISO 4217 currency of the national budget. */
  readonly currency: string;
  readonly fiscalYear: FiscalCalendarConfig;
  readonly segments: readonly SegmentConfig[];
  /** Where the codes came from (a sentence; details in the folder's SOURCES.md). */
  readonly source?: string;
}

export interface CoaCode {
  readonly code: string;
  /** The code one level up; null at the top level. */
  readonly parent: string | null;
  /** 1 = top level. */
  readonly level: number;
  readonly name: string;
  readonly nameEn?: string | null;
  readonly nameFr?: string | null;
  readonly nameEs?: string | null;
  /** Another spelling accepted for this code. */
  readonly alias?: string | null;
  /** The COFOG code (as the classification spells it) this code's spending serves. */
  readonly cofog?: string | null;
}
