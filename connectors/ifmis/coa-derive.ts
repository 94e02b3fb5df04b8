import type { CountryCoaConfig, SegmentConfig } from '../../src/finance/coa/types.js';

/**
 * Derives a chart of accounts from a budget export itself: every distinct code of each segment,
 * with the export's own description, its parent (the level above, from the same row) and level.
 * Pure: rows in, code tables out; `coa-files.ts` reads the export and writes the folder.
 */
export type RowGetter = (column: string) => string;

export interface LevelSpec {
  readonly code: (row: RowGetter) => string;
  readonly name: (row: RowGetter) => string;
}

export interface SegmentSpec {
  readonly config: SegmentConfig;
  /** One per level of `config.levels`, top first; none for an open segment. */
  readonly levels: readonly LevelSpec[];
}

export interface DerivedCode {
  readonly code: string;
  readonly parent: string | null;
  readonly level: number;
  readonly name: string;
}

export interface Renamed {
  readonly segment: string;
  readonly code: string;
  readonly kept: string;
  readonly others: readonly string[];
}

export interface DerivedCoa {
  readonly config: CountryCoaConfig;
  readonly codes: ReadonlyMap<string, readonly DerivedCode[]>;
  /** Codes the export names differently on different rows; the name of the highest-ranked row is kept. */
  readonly renamed: readonly Renamed[];
  readonly rows: number;
}

interface Entry {
  code: string;
  parent: string | null;
  level: number;
  name: string;
  rank: number;
  names: Set<string>;
}

/** Names as the export writes them, with non-breaking and repeated spaces made single spaces. */
export function cleanName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export class CoaDeriver {
  private readonly entries = new Map<string, Map<string, Entry>>();
  private rows = 0;

  /** `rank`: among different names for one code, the row with the highest rank wins (ties: the later row). */
  constructor(
    private readonly specs: readonly SegmentSpec[],
    private readonly rank: (row: RowGetter) => number = () => 0,
  ) {
    for (const spec of specs) {
      if (!spec.config.open && spec.levels.length !== spec.config.levels.length) {
        throw new Error(`segment ${spec.config.id}: ${spec.levels.length} level specs for ${spec.config.levels.length} levels`);
      }
      this.entries.set(spec.config.id, new Map());
    }
  }

  add(row: RowGetter): void {
    this.rows += 1;
    const rank = this.rank(row);
    for (const spec of this.specs) {
      const entries = this.entries.get(spec.config.id) as Map<string, Entry>;
      let parent: string | null = null;
      spec.levels.forEach((level, index) => {
        const code = level.code(row);
        if (!code) throw new Error(`row ${this.rows}: segment ${spec.config.id} level ${index + 1} has no code`);
        const name = cleanName(level.name(row));
        const known = entries.get(code);
        if (!known) entries.set(code, { code, parent, level: index + 1, name, rank, names: new Set([name]) });
        else {
          if (known.parent !== parent) {
            throw new Error(
              `row ${this.rows}: ${spec.config.id} code ${code} is under ${parent ?? 'nothing'} here, under ${known.parent ?? 'nothing'} before`,
            );
          }
          known.names.add(name);
          if (rank >= known.rank) Object.assign(known, { name, rank });
        }
        parent = code;
      });
    }
  }

  result(config: Omit<CountryCoaConfig, 'segments'>): DerivedCoa {
    const codes = new Map<string, DerivedCode[]>();
    const renamed: Renamed[] = [];
    for (const spec of this.specs) {
      const entries = [...(this.entries.get(spec.config.id)?.values() ?? [])];
      codes.set(
        spec.config.id,
        inTreeOrder(entries).map(({ code, parent, level, name }) => ({ code, parent, level, name })),
      );
      for (const entry of entries) {
        const others = [...entry.names].filter((n) => n !== entry.name);
        if (others.length) renamed.push({ segment: spec.config.id, code: entry.code, kept: entry.name, others });
      }
    }
    return { config: { ...config, segments: this.specs.map((s) => s.config) }, codes, renamed, rows: this.rows };
  }
}

const natural = new Intl.Collator('en', { numeric: true });

/** Parents before their children, siblings in natural order (`2` before `10`). */
function inTreeOrder<T extends { code: string; parent: string | null }>(entries: readonly T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const entry of entries) children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry]);
  const ordered: T[] = [];
  const visit = (parent: string | null): void => {
    for (const entry of (children.get(parent) ?? []).sort((a, b) => natural.compare(a.code, b.code))) {
      ordered.push(entry);
      visit(entry.code);
    }
  };
  visit(null);
  return ordered;
}
