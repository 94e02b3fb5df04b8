import { cofogCode } from './cofog-spelling.js';
import type { CoaCode, CountryCoaConfig, SegmentConfig } from './types.js';

export class CoaConfigError extends Error {
  readonly code = 'INVALID_COA';
}

export interface Segment {
  readonly config: SegmentConfig;
  readonly codes: ReadonlyMap<string, CoaCode>;
  /** Other spellings of a code → the code (e.g. BOOST's `7011` for COFOG `01.1`). */
  readonly aliases: ReadonlyMap<string, string>;
}

/** A country's chart of accounts, validated: from the database (`storedCoa`) or a folder (`countryCoa`). */
export class Coa {
  constructor(
    readonly config: CountryCoaConfig,
    readonly segments: ReadonlyMap<string, Segment>,
  ) {}

  segment(id: string): Segment | undefined {
    return this.segments.get(id);
  }

  /** The code as the CoA spells it (resolving aliases and COFOG's other spellings), or null when the segment does not know it. */
  canonical(segmentId: string, code: string): string | null {
    const segment = this.segments.get(segmentId);
    if (!segment) return null;
    if (segment.codes.has(code)) return code;
    const alias = segment.aliases.get(code);
    if (alias) return alias;
    if (segment.config.classification === 'cofog') {
      const cofog = cofogCode(code, segment.codes);
      if (cofog) return cofog;
    }
    return segment.config.open ? code : null;
  }

  /** The code and its ancestors, nearest first. */
  ancestry(segmentId: string, code: string): CoaCode[] {
    const codes = this.segments.get(segmentId)?.codes;
    const chain: CoaCode[] = [];
    for (let current = codes?.get(code); current; current = current.parent ? codes?.get(current.parent) : undefined) {
      chain.push(current);
      if (chain.length > 20) throw new CoaConfigError(`${segmentId} code ${code}: its parents form a loop`);
    }
    return chain;
  }
}
