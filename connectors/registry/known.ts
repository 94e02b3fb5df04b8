import type { RegistryProgramme } from './types.js';

/**
 * What the hub already holds for a registry source, so that an incremental pull can refer to
 * records it did not bring (a payment to a household loaded last month). The loader builds it
 * (src/registry/load/merge.ts `knownRegistryKeys`); a first pull uses `NOTHING_KNOWN`.
 */
export interface KnownRegistryKeys {
  readonly areas: ReadonlySet<string>;
  readonly programmes: ReadonlyMap<string, Pick<RegistryProgramme, 'targeting' | 'currency'>>;
  readonly households: ReadonlySet<string>;
  readonly individuals: ReadonlySet<string>;
  /** Individual key → the household whose recipient they are. */
  readonly recipients: ReadonlyMap<string, string>;
}

export const NOTHING_KNOWN: KnownRegistryKeys = {
  areas: new Set(),
  programmes: new Map(),
  households: new Set(),
  individuals: new Set(),
  recipients: new Map(),
};
