import path from 'node:path';
import { CoaDeriver, type DerivedCoa, type LevelSpec, type RowGetter, type SegmentSpec } from '../../../connectors/ifmis/coa-derive.js';
import { countsByLevel, deriveFromExport, writeCoaFolder, type ReadExport } from '../../../connectors/ifmis/coa-files.js';
import { COA_DIR } from '../../finance/coa/load.js';

/**
 * Mexico's chart of accounts (`mappings/coa/mx/`) from the federal expenditure budget (PEF)
 * export itself: every distinct code of every segment with the export's own description. Only the
 * nine chapters (capítulos) of the object-of-expenditure classification are not in the export,
 * which names concepts only; their names are CONAC's (see `CAPITULOS`).
 */
export interface DeriveMexicoOptions {
  /** The PEF export: the original zip (one CP850 CSV inside) or a CSV. */
  readonly from: string;
  /** CP850 for the original export. */
  readonly encoding?: string;
  /** Where the file came from, recorded in SOURCES.md. */
  readonly origin: string;
  readonly out?: string;
}

/**
 * Capítulos of the Clasificador por Objeto del Gasto issued by the Consejo Nacional de
 * Armonización Contable (CONAC), Diario Oficial de la Federación 9 December 2009 (chapters and
 * concepts; generic items 10 June 2010), as used by the federal Clasificador por Objeto del Gasto
 * para la Administración Pública Federal (DOF 28 December 2010 and its reforms).
 */
export const CAPITULOS: Readonly<Record<string, string>> = {
  '1000': 'Servicios personales',
  '2000': 'Materiales y suministros',
  '3000': 'Servicios generales',
  '4000': 'Transferencias, asignaciones, subsidios y otras ayudas',
  '5000': 'Bienes muebles, inmuebles e intangibles',
  '6000': 'Inversión pública',
  '7000': 'Inversiones financieras y otras provisiones',
  '8000': 'Participaciones y aportaciones',
  '9000': 'Deuda pública',
};

const col =
  (...columns: string[]) =>
  (row: RowGetter): string =>
    columns.map((c) => row(c)).join('-');
const level = (code: (row: RowGetter) => string, name: string): LevelSpec => ({ code, name: (row) => row(name) });
const functional = (columns: string[]) => (row: RowGetter) => columns.map((c) => row(c)).join('.');

function capitulo(row: RowGetter): string {
  const concepto = row('CONCEPTO');
  if (!/^[1-9]\d{3}$/.test(concepto)) throw new Error(`CONCEPTO "${concepto}" is not a four-digit concept`);
  return `${concepto.charAt(0)}000`;
}

export const MEXICO_SEGMENTS: readonly SegmentSpec[] = [
  {
    config: {
      id: 'administrative',
      kind: 'administrative',
      name: 'Ramos y unidades responsables',
      levels: ['ramo', 'unidad responsable'],
      codes: 'administrative.csv',
    },
    levels: [level(col('Ramo'), 'RAMO_DESCRIPCION'), level(col('Ramo', 'UNIDAD'), 'UNIDAD_DESCRIPCION')],
  },
  {
    config: {
      id: 'functional',
      kind: 'functional',
      name: 'Clasificación funcional del gasto',
      levels: ['finalidad', 'función', 'subfunción'],
      codes: 'functional.csv',
    },
    levels: [
      level(functional(['GF']), 'GRUPO_FUN_DESCRIPCION'),
      level(functional(['GF', 'FN']), 'FUNCIONL_DESCRIPCION'),
      level(functional(['GF', 'FN', 'SF']), 'SUBFUNCIONL_DESCRIPCION'),
    ],
  },
  {
    config: {
      id: 'programme',
      kind: 'programme',
      name: 'Programas presupuestarios',
      levels: ['modalidad', 'programa presupuestario'],
      codes: 'programme.csv',
    },
    // A programme number is only unique within its ramo (R-1 is four different programmes).
    levels: [level(col('MOD'), 'MODALIDAD_DESCRIPCION'), level(col('Ramo', 'MOD', 'PP'), 'PROGR_PRES_DESCRIPCION')],
  },
  {
    config: {
      id: 'institutional-activity',
      kind: 'other',
      name: 'Actividades institucionales',
      levels: ['actividad institucional'],
      codes: 'institutional-activity.csv',
    },
    levels: [level(col('Ramo', 'AI'), 'ACTIVIDAD_INST_DESCRIPCION')],
  },
  {
    config: {
      id: 'economic',
      kind: 'economic',
      name: 'Clasificador por objeto del gasto',
      levels: ['capítulo', 'concepto'],
      codes: 'economic.csv',
    },
    levels: [{ code: capitulo, name: (row) => CAPITULOS[capitulo(row)] ?? '' }, level(col('CONCEPTO'), 'CONCEPTO_DESCRIPCION')],
  },
  {
    config: { id: 'fund', kind: 'fund', name: 'Fuente de financiamiento', levels: ['fuente de financiamiento'], codes: 'fund.csv' },
    levels: [level(col('FF'), 'FUENTE_FINAN_DESCRIPCION')],
  },
  {
    config: { id: 'location', kind: 'location', name: 'Entidades federativas', levels: ['entidad federativa'], codes: 'location.csv' },
    levels: [level(col('EF'), 'ENTIDAD_FED_DESCRIPCION')],
  },
  {
    config: { id: 'expenditure-type', kind: 'other', name: 'Tipo de gasto', levels: ['tipo de gasto'], codes: 'expenditure-type.csv' },
    levels: [level(col('TG'), 'TIPO_GASTO_DESCRIPCION')],
  },
  {
    config: { id: 'reallocation', kind: 'other', name: 'Reasignación', levels: ['reasignación'], codes: 'reallocation.csv' },
    levels: [level(col('RA'), 'REASIGNACION_DESCRIPCION')],
  },
  {
    config: {
      id: 'project',
      kind: 'other',
      name: 'Programas y proyectos de inversión (clave de cartera)',
      levels: ['clave de cartera'],
      open: true,
    },
    levels: [],
  },
];

export function mexicoDeriver(): CoaDeriver {
  return new CoaDeriver(MEXICO_SEGMENTS);
}

export function mexicoCoa(deriver: CoaDeriver): DerivedCoa {
  return deriver.result({
    country: 'MX',
    name: 'Mexico: federal expenditure budget (Presupuesto de Egresos de la Federación)',
    currency: 'MXN',
    fiscalYear: { startMonth: 1 },
    source: 'Codes and names from the PEF 2016 export published by SHCP; object-of-expenditure chapters from CONAC (see SOURCES.md).',
  });
}

/** Reads the PEF export and writes `mappings/coa/mx/`. */
export async function deriveMexicoCoa(options: DeriveMexicoOptions): Promise<{ coa: DerivedCoa; read: ReadExport }> {
  const deriver = mexicoDeriver();
  const read = await deriveFromExport({ path: options.from, encoding: options.encoding ?? 'cp850' }, deriver);
  const coa = mexicoCoa(deriver);
  await writeCoaFolder(options.out ?? path.join(COA_DIR, 'mx'), coa, mexicoSources(options, coa, read));
  return { coa, read };
}

function mexicoSources(options: DeriveMexicoOptions, coa: DerivedCoa, read: ReadExport): string {
  const renamed = coa.renamed.length
    ? coa.renamed.map((r) => `  - ${r.segment} ${r.code}: "${r.kept}" (also ${r.others.map((n) => `"${n}"`).join(', ')})`).join('\n')
    : '  - none: every code has one description in the export.';
  return `# Mexico (MX): chart of accounts of the federal expenditure budget

Generated by \`src/cli/commands/derive-coa-mx.ts\` (\`deriveMexicoCoa\`); do not edit by hand.

## Origin
- The Presupuesto de Egresos de la Federación (PEF) 2016 export of the Secretaría de Hacienda y
  Crédito Público (SHCP), transparenciapresupuestaria.gob.mx, as kept in ${options.origin}.
- Read: \`${path.basename(options.from)}\`${read.entryName ? `, inner CSV \`${read.entryName}\`` : ''} (${read.bytes} bytes, ${options.encoding ?? 'cp850'}).
- SHA-256 of the CSV: \`${read.sha256}\`.
- ${coa.rows} budget lines read.

## What was derived
Every distinct code of each segment, with the export's own description (runs of spaces and
non-breaking spaces made single spaces). Codes join the export's columns, top level first:
${countsByLevel(coa).join('\n')}

- administrative: \`Ramo\` (\`1\`) → \`Ramo-UNIDAD\` (\`1-100\`): unit numbers repeat across ramos.
- functional: \`GF\` → \`GF.FN\` → \`GF.FN.SF\` (\`2\`, \`2.1\`, \`2.1.3\`); Mexico's own finalidad /
  función / subfunción, close to but not the same as COFOG.
- programme: modalidad \`MOD\` (\`K\`) → \`Ramo-MOD-PP\` (\`16-K-27\`). A programme number is unique
  only within its ramo, in the order of the clave presupuestaria; the modalidad groups programmes across ramos.
- institutional-activity: \`Ramo-AI\`; activity numbers, too, are per ramo. Needed with
  reallocation (\`RA\`) to tell every line of the export apart.
- economic: capítulo \`6000\` → concepto \`CONCEPTO\` (\`6200\`). The export names concepts only; the
  nine capítulo names are transcribed from CONAC's Clasificador por Objeto del Gasto (Diario Oficial
  de la Federación, 9 December 2009; SHCP's federal edition, DOF 28 December 2010): 1000 Servicios
  personales … 9000 Deuda pública.
- fund (\`FF\`), location (\`EF\`, entidad federativa), expenditure-type (\`TG\`): one level each.
- project (\`CLAVE_CARTERA\`, the investment-project key): open; \`0\` means the line is outside
  any project (the column map's \`none\`).

Codes described differently on different lines (the description of the last line is kept):
${renamed}
`;
}
