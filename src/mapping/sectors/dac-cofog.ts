import { XMLParser } from 'fast-xml-parser';
import { writeCsv } from '../../../connectors/formats/csv.js';

/**
 * The default sector mapping: every DAC 5-digit purpose code → its COFOG class, with the IATI
 * budget-alignment flag where the code is too coarse ("insufficiently granular") or cannot be
 * placed in a budget at all ("unmappable"). Derived from two codeforIATI codelists: SectorCOFOG
 * (the mapping) and the Sector codelist carrying `budget-alignment:status` (every code, its status
 * and the flags). A code without a COFOG class stays in the table, unmapped, so that it is seen.
 */
export interface DacCofogRow {
  readonly dac: string;
  readonly name: string;
  readonly status: 'active' | 'withdrawn';
  /** COFOG class (`09.8.0`), or null where the source maps the code to nothing. */
  readonly cofog: string | null;
  readonly alignment: 'insufficiently-granular' | 'unmappable' | null;
}

/** A COFOG code as the classification table holds it: enough to check a class and its ancestors. */
export interface CofogCode {
  readonly parent: string | null;
  readonly level: number;
}

export class SectorMappingSourceError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the sector mapping sources are not usable (${problems.length} problems):\n  ${problems.join('\n  ')}`);
  }
}

interface Narrative {
  readonly '#text'?: string | number;
  readonly '@_xml:lang'?: string;
}

interface Item {
  readonly code?: string | number;
  readonly '@_status'?: string;
  readonly name?: { readonly narrative?: readonly (Narrative | string)[] };
  readonly 'codeforiati:cofog-class'?: string;
  readonly 'codeforiati:cofog-group'?: string;
  readonly 'codeforiati:cofog-division'?: string;
  readonly 'budget-alignment:status'?: string;
}

const ALIGNMENT: Readonly<Record<string, DacCofogRow['alignment']>> = {
  'Insufficiently granular': 'insufficiently-granular',
  Unmappable: 'unmappable',
};

function items(xml: string, file: string, problems: string[]): Item[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => name === 'codelist-item' || name === 'narrative',
  });
  const parsed = parser.parse(xml) as { codelist?: { 'codelist-items'?: { 'codelist-item'?: Item[] } } };
  const list = parsed.codelist?.['codelist-items']?.['codelist-item'];
  if (!list?.length) problems.push(`${file}: no codelist/codelist-items/codelist-item elements`);
  return list ?? [];
}

function englishName(item: Item): string {
  const narratives = item.name?.narrative ?? [];
  const english = narratives.find((n) => typeof n === 'string' || !n['@_xml:lang'] || n['@_xml:lang'] === 'en');
  return String(typeof english === 'string' ? english : (english?.['#text'] ?? '')).trim();
}

/** The code before " - " in "09.8.0 - Education n.e.c. (CS)". */
function leadingCode(text: string | undefined): string {
  return (text ?? '').split(' - ')[0]?.trim() ?? '';
}

export function deriveDacCofog(
  sources: { readonly cofogXml: string; readonly cofogFile: string; readonly sectorXml: string; readonly sectorFile: string },
  cofog: ReadonlyMap<string, CofogCode>,
): DacCofogRow[] {
  const problems: string[] = [];
  const classes = new Map<string, string>();
  for (const item of items(sources.cofogXml, sources.cofogFile, problems)) {
    const dac = String(item.code ?? '').trim();
    const where = `${sources.cofogFile}, code ${dac || '(empty)'}`;
    const cls = leadingCode(item['codeforiati:cofog-class']);
    const group = leadingCode(item['codeforiati:cofog-group']);
    const division = leadingCode(item['codeforiati:cofog-division']);
    const known = cofog.get(cls);
    if (!/^\d{5}$/.test(dac)) problems.push(`${where}: code: not a DAC 5-digit purpose code`);
    else if (classes.has(dac)) problems.push(`${where}: code: appears twice`);
    else if (known?.level !== 3) problems.push(`${where}, cofog-class: "${cls}" is not a COFOG class`);
    else if (known.parent !== group) problems.push(`${where}, cofog-group: "${group}" is not the group of class ${cls} (${known.parent})`);
    else if (cofog.get(group)?.parent !== division)
      problems.push(`${where}, cofog-division: "${division}" is not the division of group ${group}`);
    else classes.set(dac, cls);
  }
  const rows: DacCofogRow[] = [];
  for (const item of items(sources.sectorXml, sources.sectorFile, problems)) {
    const dac = String(item.code ?? '').trim();
    const where = `${sources.sectorFile}, code ${dac || '(empty)'}`;
    const flag = item['budget-alignment:status']?.trim();
    const alignment = flag ? ALIGNMENT[flag] : null;
    const status = item['@_status'] ?? 'active';
    if (!/^\d{5}$/.test(dac)) problems.push(`${where}: code: not a DAC 5-digit purpose code`);
    else if (alignment === undefined) problems.push(`${where}, budget-alignment:status: "${flag}" is not a known flag`);
    else if (status !== 'active' && status !== 'withdrawn') problems.push(`${where}, @status: "${status}" is not active or withdrawn`);
    else rows.push({ dac, name: englishName(item), status, cofog: classes.get(dac) ?? null, alignment });
  }
  const listed = new Set(rows.map((row) => row.dac));
  for (const dac of classes.keys()) {
    if (!listed.has(dac)) problems.push(`${sources.cofogFile}, code ${dac}: code: not in the Sector codelist ${sources.sectorFile}`);
  }
  if (problems.length > 0) throw new SectorMappingSourceError(problems);
  return rows.sort((a, b) => a.dac.localeCompare(b.dac));
}

export function dacCofogCsv(rows: readonly DacCofogRow[]): string {
  return writeCsv(
    rows.map((row) => [row.dac, row.name, row.status, row.cofog ?? '', row.alignment ?? '']),
    ['dac_code', 'dac_name', 'dac_status', 'cofog_class', 'budget_alignment'],
  );
}
