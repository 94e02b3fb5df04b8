import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLASSIFICATION_DIR } from '../../finance/coa/load.js';
import { classificationCsv, deriveCofog } from '../../finance/classifications/cofog.js';
import { checkOrigin } from './derive-origin.js';

export interface DeriveCofogOptions {
  /** The UN COFOG CSV (`Code,Description_EN,Description_FR,Description_ES,ExplanatoryNote`). */
  readonly from: string;
  /** Where the CSV came from, as `owner/repo:path@commit`, recorded in SOURCES.md. */
  readonly origin: string;
  readonly out?: string;
}

const BEGIN = '<!-- cofog: written by `tributary derive cofog`; do not edit by hand -->';
const END = '<!-- /cofog -->';

/**
 * Regenerates `mappings/classifications/cofog.csv` from the UN COFOG code list and records its
 * origin and SHA-256 in the COFOG section of SOURCES.md (the rest of that file is hand-written and
 * left as it is).
 */
export async function deriveCofogClassification(
  options: DeriveCofogOptions,
): Promise<{ codes: number; divisions: number; sha256: string }> {
  checkOrigin('--origin', options.origin);
  const out = options.out ?? CLASSIFICATION_DIR;
  const bytes = await readFile(options.from);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const rows = deriveCofog(bytes.toString('utf8'), path.basename(options.from));
  const divisions = rows.filter((r) => r.level === 1).length;
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'cofog.csv'), classificationCsv(rows));
  const sources = path.join(out, 'SOURCES.md');
  const before = existsSync(sources) ? await readFile(sources, 'utf8') : '# Shared classifications\n';
  await writeFile(sources, withSection(before, cofogNote(options.origin, sha256, rows.length, divisions)));
  return { codes: rows.length, divisions, sha256 };
}

function withSection(text: string, section: string): string {
  const block = `${BEGIN}\n${section}${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) return `${text.slice(0, start)}${block}${text.slice(end + END.length)}`;
  return `${text.trimEnd()}\n\n${block}\n`;
}

function cofogNote(origin: string, sha256: string, codes: number, divisions: number): string {
  return `## cofog.csv: Classification of the Functions of Government (COFOG)

- Source: the UN Statistics Division's COFOG, **version 1999**, as published in the \`datasets/cofog\`
  data package: ${origin}
- SHA-256 of that file: \`${sha256}\`
- Licence: ODC-PDDL-1.0 (Open Data Commons Public Domain Dedication and License), per the data
  package's \`datapackage.json\`.
- ${codes} codes in ${divisions} divisions: level 1 division (\`01\`), 2 group (\`01.1\`), 3 class (\`01.1.1\`).
- Columns: code, parent, level, name (English), name_en, name_fr, name_es, alias. Labels are the
  source's, with runs of spaces collapsed (the source writes two spaces before "(CS)" and "(IS)",
  collective and individual services). The explanatory notes are not copied.
- \`alias\` is the BOOST / GFSM spelling of the same code: \`7\` followed by the digits, so division
  \`01\` is \`701\`, group \`01.1\` is \`7011\`, class \`01.1.1\` is \`70111\`, division \`10\` is \`710\`.
  \`countryCoa(…).canonical('functional', '7011')\` gives \`01.1\`.
- Known quirks of the source, kept as they are: a few group labels carry a class marker (the French
  label of \`01.5\` and \`03.5\` ends in "(SC)"), and a few class labels lack one (e.g. the Spanish
  label of \`06.3.0\`).

To regenerate:

    npx tributary derive cofog <cofog.csv> --origin "<owner/repo:path@commit>"
`;
}
