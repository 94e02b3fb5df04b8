import { Decimal } from 'decimal.js';

export type Provenance = 'activity-rule' | 'reported-budget-item' | 'sector-rule' | 'organisation-rule' | 'unmapped';

/** A share of an activity's (or a transaction's) money in one target code, and what put it there. */
export interface Part {
  /** null: the unmapped remainder. */
  readonly code: string | null;
  readonly share: Decimal;
  readonly provenance: Provenance;
  readonly ruleIds: readonly number[];
  readonly sourceScheme: string | null;
  readonly sourceCode: string | null;
}

export const HUNDRED = new Decimal(100);

/** Percentages as reported, or an equal split where none was given (IATI: all or none). */
export function percentages(items: readonly { percentage: string | null }[]): Decimal[] {
  if (items.length === 0) return [];
  if (items.every((item) => item.percentage === null)) return items.map(() => HUNDRED.div(items.length));
  return items.map((item) => new Decimal(item.percentage ?? 0));
}

/** Parts with the same code, provenance, rules and source are one part. */
export function mergeParts(parts: readonly Part[]): Part[] {
  const merged = new Map<string, Part>();
  for (const part of parts) {
    if (part.share.isZero()) continue;
    const key = JSON.stringify([part.code, part.provenance, part.ruleIds, part.sourceScheme, part.sourceCode]);
    const existing = merged.get(key);
    merged.set(key, existing ? { ...existing, share: existing.share.plus(part.share) } : part);
  }
  return [...merged.values()].sort(
    (a, b) =>
      (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) || b.share.comparedTo(a.share) || String(a.code).localeCompare(String(b.code)),
  );
}

export function sameParts(a: readonly Part[], b: readonly Part[]): boolean {
  return (
    a.length === b.length &&
    a.every((part, i) => {
      const other = b[i]!;
      return (
        part.code === other.code &&
        part.share.equals(other.share) &&
        part.provenance === other.provenance &&
        part.sourceScheme === other.sourceScheme &&
        part.sourceCode === other.sourceCode &&
        part.ruleIds.join() === other.ruleIds.join()
      );
    })
  );
}
