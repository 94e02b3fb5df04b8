import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLASSIFICATION_DIR, readCodes } from '../../finance/coa/load.js';
import { dacCofogCsv, deriveDacCofog, type DacCofogRow } from '../../mapping/sectors/dac-cofog.js';
import { mappingsDir } from '../../paths.js';
import { checkOrigin } from './derive-origin.js';

export interface DeriveDacCofogOptions {
  /** codeforIATI's SectorCOFOG.xml. */
  readonly cofog: string;
  /** The Sector codelist with `budget-alignment:status` (codeforIATI's IATI-Codelists-NonEmbedded). */
  readonly sectors: string;
  /** Where each came from, as `owner/repo:path@commit`, recorded in SOURCES.md. */
  readonly cofogOrigin: string;
  readonly sectorsOrigin: string;
  readonly out?: string;
}

export const SECTOR_MAPPING_DIR = path.join(mappingsDir, 'sectors');

/** Regenerates `mappings/sectors/dac-cofog.csv` and its SOURCES.md from the two codelists. */
export async function deriveDacCofogTable(options: DeriveDacCofogOptions): Promise<DacCofogRow[]> {
  checkOrigin('--cofog-origin', options.cofogOrigin);
  checkOrigin('--sectors-origin', options.sectorsOrigin);
  const [cofogBytes, sectorBytes] = await Promise.all([readFile(options.cofog), readFile(options.sectors)]);
  const { codes } = readCodes(path.join(CLASSIFICATION_DIR, 'cofog.csv'), 3);
  const rows = deriveDacCofog(
    {
      cofogXml: cofogBytes.toString('utf8'),
      cofogFile: path.basename(options.cofog),
      sectorXml: sectorBytes.toString('utf8'),
      sectorFile: path.basename(options.sectors),
    },
    codes,
  );
  const out = options.out ?? SECTOR_MAPPING_DIR;
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'dac-cofog.csv'), dacCofogCsv(rows));
  await writeFile(
    path.join(out, 'SOURCES.md'),
    sourcesNote(rows, [
      { origin: options.cofogOrigin, sha256: sha256(cofogBytes) },
      { origin: options.sectorsOrigin, sha256: sha256(sectorBytes) },
    ]),
  );
  return rows;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sourcesNote(rows: readonly DacCofogRow[], sources: readonly { origin: string; sha256: string }[]): string {
  const count = (test: (row: DacCofogRow) => boolean) => rows.filter(test).length;
  return `# Sector mappings

Written by \`tributary derive dac-cofog\`; do not edit by hand (national mappings are added as rows
of their own, with who, when and why).

## dac-cofog.csv: DAC 5-digit purpose code → COFOG class

- Sources (SHA-256 of each file as read):
${sources.map((s) => `  - ${s.origin}: \`${s.sha256}\``).join('\n')}
- The first is codeforIATI's **SectorCOFOG** codelist (MIT repository; its upstream is a Google
  Sheet, imported nightly by codeforIATI/codelist-updater): each DAC code's COFOG class, group and
  division. The group and division are checked to be the class's ancestors in
  \`mappings/classifications/cofog.csv\` and not copied (they follow from the class).
- The second is the IATI **Sector** codelist as codeforIATI republishes it with
  \`budget-alignment:status\`: every code (active or withdrawn) and the codes flagged for country
  budget alignment.
- ${rows.length} DAC codes: ${count((r) => r.cofog !== null)} with a COFOG class; ${count((r) => r.cofog === null && r.status === 'active')} active and ${count((r) => r.cofog === null && r.status === 'withdrawn')} withdrawn without one (kept, unmapped, so that money reported under them shows up as unmapped); ${count((r) => r.alignment === 'insufficiently-granular')} flagged \`insufficiently-granular\` and ${count((r) => r.alignment === 'unmappable')} \`unmappable\`.
- Columns: dac_code, dac_name (English), dac_status, cofog_class (empty: unmapped), budget_alignment.

To regenerate:

    npx tributary derive dac-cofog <SectorCOFOG.xml> <Sector.xml> \\
      --cofog-origin "<owner/repo:path@commit>" --sectors-origin "<owner/repo:path@commit>"
`;
}
