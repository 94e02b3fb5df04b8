import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readCsvRecords } from '../../../connectors/formats/csv.js';
import {
  budgetIdentifierCofogCsv,
  deriveBudgetIdentifierCofog,
  type BudgetIdentifierCofogRow,
} from '../../mapping/sectors/budget-identifier-cofog.js';
import { mappingsDir } from '../../paths.js';
import { checkOrigin } from './derive-origin.js';

export const BUDGET_IDENTIFIER_DIR = path.join(mappingsDir, 'budget-identifiers');

/** Regenerates `mappings/budget-identifiers/` from crs_cc.csv, our DAC → COFOG table and the BudgetIdentifier codelist. */
export async function deriveBudgetIdentifierCofogTable(
  crsCc: string,
  origin: string,
  out = BUDGET_IDENTIFIER_DIR,
): Promise<BudgetIdentifierCofogRow[]> {
  checkOrigin('--origin', origin);
  const bytes = await readFile(crsCc);
  const dac = readCsvRecords(await readFile(path.join(mappingsDir, 'sectors', 'dac-cofog.csv')));
  const items = readCsvRecords(await readFile(path.join(mappingsDir, 'iati-codelists', 'items.csv')));
  const { rows, skipped } = deriveBudgetIdentifierCofog(
    bytes.toString('utf8'),
    new Map(dac.map((row) => [row.dac_code!, row.cofog_class || null])),
    new Map(items.filter((row) => row.codelist === 'BudgetIdentifier').map((row) => [row.code!, row.name!])),
  );
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'budget-identifier-cofog.csv'), budgetIdentifierCofogCsv(rows));
  const count = (test: (row: BudgetIdentifierCofogRow) => boolean) => rows.filter(test).length;
  const depth = (n: number) => count((r) => r.cofog !== null && r.cofog.split('.').length === n);
  await writeFile(
    path.join(out, 'SOURCES.md'),
    `# Budget identifiers

Written by \`tributary derive budget-identifier-cofog\`; do not edit by hand.

## budget-identifier-cofog.csv: IATI budget identifier → COFOG

- Source: ${origin} (SHA-256 \`${createHash('sha256').update(bytes).digest('hex')}\`): for each CRS purpose code,
  the "Common Code" (the functional classification that became IATI's BudgetIdentifier codelist) it
  falls under. Its repository has no licence file; the project ships only what it derives.
- With \`mappings/sectors/dac-cofog.csv\` (each purpose code's COFOG class) and the BudgetIdentifier
  codelist in \`mappings/iati-codelists/\`: an identifier's COFOG code is the most specific one common to
  every purpose code it covers — the class, else the group, else the division — and none where they
  part at the division (\`5.1.1\`, health policy, covers HIV/AIDS social mitigation, which COFOG puts in
  social protection).
- ${rows.length} budget identifiers: ${depth(3)} to a COFOG class, ${depth(2)} to a group, ${depth(1)} to a division, ${count((r) => r.cofog === null)} to none.
  crs_cc.csv's trial codes were renumbered in places before the codelist was published: a row keeps its
  trial code when the codelist gives that code the row's function name, else goes to the identifier of
  that function name; ${skipped.length} rows match none and are left out: ${skipped.join('; ')}.
- Loaded as default \`budget-identifier → cofog\` rules, so an activity reporting country-budget-items of
  vocabulary 1 is placed by them before its sectors (and says so).

To regenerate:

    npx tributary derive budget-identifier-cofog <crs_cc.csv> --origin "<owner/repo:path@commit>"
`,
  );
  return rows;
}
