import type { SegmentColumns } from './column-map.js';
import { fdpError, type FdpAttribute, type FdpDimension, type FdpResource } from './fdp-model.js';

/**
 * FDP dimensions → tributary segments. A classification dimension is the segment its
 * `classificationType` names (administrative, functional, economic); an activity dimension is
 * the programme (or a project, when it says so); a location dimension the location. Dimensions of
 * no such type (`other`, or none) hold independent attributes side by side: each parent chain is
 * its own segment, named from its column (fin_source → fund, exp_type → expenditure-type).
 *
 * A segment's columns are the dimension's key attributes and their `parent`s, top level first;
 * `labelfor` attributes are names, not codes. Columns the schema types as integers get trimZeros,
 * since `001` and `1` are then the same value.
 */
const DATE_NAMES = /^(date|datetime|time|year|fiscal[-_ ]?year|periodo?|a[ñn]o|ejercicio)$/i;
const YEAR_NAMES = /year|a[ñn]o|ejercicio|fiscal/i;
const SKIPPED_TYPES = new Set(['fact', 'value', 'measure']);

const HEURISTICS: readonly [RegExp, string][] = [
  [/fin(ancial|ancing)?[-_ ]?source|source[-_ ]?(of[-_ ]?)?fin|fund|fuente|funding/i, 'fund'],
  [/exp(enditure|ense)?[-_ ]?type|tipo[-_ ]?(de[-_ ]?)?gasto/i, 'expenditure-type'],
  [/proj|proyect/i, 'project'],
  [/location|geo|region|provinc|district|estado|departamento/i, 'location'],
];

export interface FdpSegments {
  readonly segments: Record<string, SegmentColumns>;
  readonly fiscalYear: string | null;
}

export function fdpSegments(dimensions: readonly FdpDimension[], resource: FdpResource, warn: (message: string) => void): FdpSegments {
  const segments: Record<string, SegmentColumns> = {};
  let fiscalYear: string | null = null;
  const place = (wanted: string, attributes: readonly FdpAttribute[]): void => {
    let id = slug(wanted);
    for (let n = 2; segments[id]; n += 1) id = `${slug(wanted)}-${n}`;
    const columns = attributes.map((a) => a.source);
    const integers = columns.every((c) => resource.fields?.find((f) => f.name === c)?.type === 'integer');
    segments[id] = integers && resource.fields ? { columns, trimZeros: true } : { columns };
  };
  for (const dimension of dimensions) {
    const type = dimension.dimensionType?.toLowerCase();
    if (type === 'datetime' || (!type && DATE_NAMES.test(dimension.name))) {
      fiscalYear ??= yearColumn(dimension);
      continue;
    }
    if (type && SKIPPED_TYPES.has(type)) {
      warn(`dimension ${dimension.name} (${type}) is not a classification: left out`);
      continue;
    }
    const chains = keyChains(dimension);
    if (chains.length === 0) continue;
    const typed = typedSegment(dimension);
    if (typed) place(typed, chains.flat());
    else for (const chain of chains) place(untypedSegment(dimension, chain, chains.length > 1), chain);
  }
  return { segments, fiscalYear };
}

function typedSegment(dimension: FdpDimension): string | null {
  const type = dimension.dimensionType?.toLowerCase();
  if (type === 'classification') {
    const kind = dimension.classificationType?.toLowerCase();
    if (kind) return kind;
    return guess(dimension.name);
  }
  if (type === 'activity') return /proj|proyect/i.test(dimension.name) ? 'project' : 'programme';
  if (type === 'location') return 'location';
  return null;
}

function guess(name: string): string {
  return HEURISTICS.find(([pattern]) => pattern.test(name))?.[1] ?? name;
}

/** Side-by-side attributes are named by their own column; a lone hierarchy by its dimension first. */
function untypedSegment(dimension: FdpDimension, chain: readonly FdpAttribute[], sideBySide: boolean): string {
  const leaf = chain.at(-1)?.name ?? dimension.name;
  const names = sideBySide ? [leaf] : [dimension.name, leaf];
  for (const name of names) {
    const known = HEURISTICS.find(([pattern]) => pattern.test(name))?.[1];
    if (known) return known;
  }
  return names[0] ?? leaf;
}

function slug(name: string): string {
  const cleaned = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `segment-${cleaned || 'x'}`;
}

function yearColumn(dimension: FdpDimension): string | null {
  const byName = dimension.attributes.find((a) => YEAR_NAMES.test(a.name) || YEAR_NAMES.test(a.source));
  const byKey = dimension.attributes.find((a) => dimension.primaryKey.includes(a.name));
  return (byName ?? byKey ?? dimension.attributes[0])?.source ?? null;
}

/** The key attributes with their ancestors, as chains (root first), one per independent hierarchy. */
function keyChains(dimension: FdpDimension): FdpAttribute[][] {
  const byName = new Map(dimension.attributes.map((a) => [a.name, a]));
  const codes = dimension.attributes.filter((a) => !a.labelfor);
  const keys = dimension.primaryKey.length
    ? dimension.primaryKey.map((k) => {
        const found = byName.get(k);
        if (!found) throw fdpError(`dimension ${dimension.name}: primaryKey ${k} is not one of its attributes`);
        return found;
      })
    : codes;
  const parentOf = (a: FdpAttribute): FdpAttribute | undefined => {
    if (!a.parent) return undefined;
    const parent = byName.get(a.parent);
    if (!parent) throw fdpError(`dimension ${dimension.name}: ${a.name}'s parent ${a.parent} is not one of its attributes`);
    return parent;
  };
  const lineage = (a: FdpAttribute): FdpAttribute[] => {
    const chain = [a];
    for (let p = parentOf(a); p; p = parentOf(p)) {
      if (chain.includes(p) || chain.length > 50) throw fdpError(`dimension ${dimension.name}: parents form a loop at ${p.name}`);
      chain.unshift(p);
    }
    return chain;
  };
  const chains = new Map<string, FdpAttribute[]>();
  for (const key of keys) {
    const chain = lineage(key);
    const root = chain[0]?.name ?? key.name;
    const known = chains.get(root) ?? [];
    for (const attribute of chain) if (!known.includes(attribute)) known.push(attribute);
    chains.set(root, known);
  }
  const depth = (a: FdpAttribute): number => lineage(a).length;
  return [...chains.values()].map((chain) => [...chain].sort((a, b) => depth(a) - depth(b)));
}
