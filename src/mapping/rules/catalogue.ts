import { readFileSync } from 'node:fs';
import path from 'node:path';
import { codelistCodes } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { coaCodes, coaSegments } from '../../finance/coa-lookup.js';
import { mappingsDir } from '../../paths.js';
import { mappingDb } from '../db.js';
import { areaCodes } from '../../registry/area-lookup.js';
import type { MappingCatalogue } from '../sheet/index.js';
import type { MappingRuleFields } from '../types.js';
import { readCsvRecords } from '../../../connectors/formats/csv.js';

/** Source schemes whose codes come from an IATI codelist. */
const CODELIST_OF: Readonly<Record<string, string>> = { dac5: 'Sector', dac3: 'SectorCategory', 'budget-identifier': 'BudgetIdentifier' };

let cofogNames: ReadonlyMap<string, string> | undefined;

/** COFOG codes and English names, from the shipped classification table. */
export function cofogCodes(): ReadonlyMap<string, string> {
  cofogNames ??= new Map(
    readCsvRecords(readFileSync(path.join(mappingsDir, 'classifications', 'cofog.csv'))).map((row) => [
      row.code!,
      row.name_en || row.name!,
    ]),
  );
  return cofogNames;
}

/**
 * The codes rules are checked against, read once per change: IATI codelists for sources,
 * COFOG and the national charts of accounts (as finance loaded them) for targets.
 */
export async function loadCatalogue(em: EntityManager): Promise<MappingCatalogue> {
  const [items, segments, codes, areas, active] = await Promise.all([
    codelistCodes(em, Object.values(CODELIST_OF)),
    coaSegments(em),
    coaCodes(em),
    areaCodes(em),
    activeRuleLinks(em),
  ]);
  const areaCodeSet = new Set(areas);
  const codelists = new Set(items.map((i) => `${i.codelist}\u0000${i.code}`));
  const segmentOf = new Map(segments.map((s) => [`${s.country}\u0000${s.segment}`, s]));
  const coa = new Set(codes.map((c) => `${c.country}\u0000${c.segment}\u0000${c.code}`));
  const retired = new Set(codes.filter((c) => c.retired).map((c) => `${c.country}\u0000coa:${c.segment}\u0000${c.code}`));
  const activeLinks = new Set(active.map(ruleLink));
  const cofog = cofogCodes();
  return {
    hasSourceCode(scheme, code) {
      if (scheme === 'cofog') return cofog.has(code);
      if (scheme === 'admin-area') return areaCodeSet.has(code);
      const codelist = CODELIST_OF[scheme];
      return codelist ? codelists.has(`${codelist}\u0000${code}`) : undefined;
    },
    hasTargetCode(country, targetScheme, code) {
      if (targetScheme === 'cofog') return cofog.has(code);
      if (!country || !targetScheme.startsWith('coa:')) return false;
      const segment = segmentOf.get(`${country}\u0000${targetScheme.slice(4)}`);
      // An open segment (externally financed projects) takes codes the chart does not list yet.
      return Boolean(segment && (segment.open || coa.has(`${country}\u0000${segment.segment}\u0000${code}`)));
    },
    isRetiredCode: (country, targetScheme, code) => retired.has(`${country}\u0000${targetScheme}\u0000${code}`),
    hasActiveRule: (rule) => activeLinks.has(ruleLink(rule)),
    hasCountry: (country) => segments.some((s) => s.country === country),
    hasSegment: (country, segment) => segmentOf.has(`${country}\u0000${segment}`),
  };
}

type RuleLink = Pick<MappingRuleFields, 'country' | 'sourceScheme' | 'sourceCode' | 'targetScheme' | 'targetCode'>;

const ruleLink = (r: RuleLink) => [r.country ?? '', r.sourceScheme, r.sourceCode, r.targetScheme, r.targetCode].join('\u0000');

/** Source → target of every active rule (a rule restated on a since-retired code is not new). */
function activeRuleLinks(em: EntityManager): Promise<RuleLink[]> {
  return mappingDb(em)
    .selectFrom('map_rule')
    .select([
      'country',
      'source_scheme as sourceScheme',
      'source_code as sourceCode',
      'target_scheme as targetScheme',
      'target_code as targetCode',
    ])
    .where('status', '=', 'active')
    .execute();
}
