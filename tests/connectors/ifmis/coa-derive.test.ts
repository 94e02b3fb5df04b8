import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoaDeriver, type RowGetter } from '../../../connectors/ifmis/coa-derive.js';
import { deriveFromExport } from '../../../connectors/ifmis/coa-files.js';
import { countryCoa, readCodes } from '../../../src/finance/coa/load.js';
import { CAPITULOS, MEXICO_SEGMENTS, mexicoCoa, mexicoDeriver } from '../../../src/cli/commands/derive-coa-mx.js';
import { projectRoot } from '../../../src/paths.js';
import { sample } from '../../support/sample-data.js';

/**
 * The charts of accounts derived from the budget exports themselves: mappings/coa/mx/ (from the
 * full Mexican PEF) and mappings/coa/es/ (from the Madrid budget), as the connector reads them.
 */
const row =
  (cells: Record<string, string>): RowGetter =>
  (column) =>
    cells[column] ?? '';
const PEF_ROW = {
  Ramo: '16',
  RAMO_DESCRIPCION: 'Medio Ambiente y Recursos Naturales',
  UNIDAD: 'B00',
  UNIDAD_DESCRIPCION: 'Comisión Nacional del Agua',
  GF: '2',
  GRUPO_FUN_DESCRIPCION: 'Desarrollo Social',
  FN: '2',
  FUNCIONL_DESCRIPCION: 'Vivienda y Servicios a la Comunidad',
  SF: '3',
  SUBFUNCIONL_DESCRIPCION: 'Abastecimiento  de\u00a0Agua',
  MOD: 'K',
  MODALIDAD_DESCRIPCION: 'Proyectos de Inversión',
  PP: '7',
  PROGR_PRES_DESCRIPCION: 'Proyectos de infraestructura social del sector hidráulico',
  AI: '9',
  ACTIVIDAD_INST_DESCRIPCION: 'Agua potable',
  CONCEPTO: '6200',
  CONCEPTO_DESCRIPCION: 'Obra pública en bienes propios',
  FF: '2',
  FUENTE_FINAN_DESCRIPCION: 'Externo',
  EF: '9',
  ENTIDAD_FED_DESCRIPCION: 'Distrito Federal',
  TG: '3',
  TIPO_GASTO_DESCRIPCION: 'Gasto de obra pública',
  RA: '0',
  REASIGNACION_DESCRIPCION: 'Otros',
};

describe('deriving the Mexican chart of accounts', () => {
  it('builds every level of every segment from one row, the capítulo from the concept', () => {
    const deriver = mexicoDeriver();
    deriver.add(row(PEF_ROW));
    const coa = mexicoCoa(deriver);
    const codes = (id: string) => coa.codes.get(id)?.map((c) => [c.code, c.parent, c.level, c.name]);
    expect(codes('administrative')).toEqual([
      ['16', null, 1, 'Medio Ambiente y Recursos Naturales'],
      ['16-B00', '16', 2, 'Comisión Nacional del Agua'],
    ]);
    expect(codes('functional')?.map((c) => c[0])).toEqual(['2', '2.2', '2.2.3']);
    expect(codes('functional')?.[2]?.[3]).toBe('Abastecimiento de Agua');
    expect(codes('programme')?.map((c) => c[0])).toEqual(['K', '16-K-7']);
    expect(codes('economic')).toEqual([
      ['6000', null, 1, 'Inversión pública'],
      ['6200', '6000', 2, 'Obra pública en bienes propios'],
    ]);
    expect(coa.codes.get('project')).toEqual([]);
    expect(MEXICO_SEGMENTS.map((s) => s.config.id)).toEqual([...coa.config.segments.map((s) => s.id)]);
  });

  it('keeps the last name of a code named two ways, and reports it', () => {
    const deriver = new CoaDeriver(MEXICO_SEGMENTS.filter((s) => s.config.id === 'fund'));
    deriver.add(row({ FF: '2', FUENTE_FINAN_DESCRIPCION: 'Externo' }));
    deriver.add(row({ FF: '2', FUENTE_FINAN_DESCRIPCION: 'Crédito externo' }));
    const coa = mexicoCoa(deriver);
    expect(coa.codes.get('fund')?.[0]?.name).toBe('Crédito externo');
    expect(coa.renamed).toEqual([{ segment: 'fund', code: '2', kept: 'Crédito externo', others: ['Externo'] }]);
  });

  it('has the nine CONAC capítulos', () => {
    expect(Object.keys(CAPITULOS)).toEqual(['1000', '2000', '3000', '4000', '5000', '6000', '7000', '8000', '9000']);
  });
});

describe('the derived folders under mappings/coa/', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-coa-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('MX loads with every segment of the PEF, and records the SHA-256 of the CSV it came from', async () => {
    const coa = countryCoa('MX');
    const perLevel = (id: string) => {
      const segment = coa.segment(id);
      return segment?.config.levels.map((_, i) => [...segment.codes.values()].filter((c) => c.level === i + 1).length);
    };
    expect(coa.config).toMatchObject({ country: 'MX', currency: 'MXN', fiscalYear: { startMonth: 1 } });
    expect(Object.fromEntries([...coa.segments.keys()].map((id) => [id, perLevel(id)]))).toEqual({
      administrative: [47, 1363],
      functional: [4, 27, 89],
      programme: [21, 695],
      'institutional-activity': [310],
      economic: [9, 55],
      fund: [4],
      location: [34],
      'expenditure-type': [9],
      reallocation: [2],
      project: [0],
    });
    expect(coa.segment('project')?.config.open).toBe(true);
    const sources = await readFile(path.join(projectRoot, 'mappings', 'coa', 'mx', 'SOURCES.md'), 'utf8');
    expect(sources).toContain('2168e6f41b4182c8353b44ef61cc6eacfef28070464e133f18230f243f2636ae');
  });

  it('MX agrees with what the UTF-8 subset of the same export derives, code for code', async () => {
    const deriver = mexicoDeriver();
    const read = await deriveFromExport({ path: sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv') }, deriver);
    expect(read.entryName).toBeNull();
    const subset = mexicoCoa(deriver);
    const committed = countryCoa('MX');
    for (const [segment, codes] of subset.codes) {
      for (const code of codes) expect(committed.segment(segment)?.codes.get(code.code), `${segment} ${code.code}`).toMatchObject(code);
    }
  });

  it('ES (Madrid) loads with centres and sections, programmes, chapters and items', () => {
    const coa = countryCoa('ES');
    expect(coa.config).toMatchObject({ country: 'ES', currency: 'EUR' });
    const count = (id: string) => coa.segment(id)?.codes.size;
    expect([count('administrative'), count('programme'), count('economic')]).toEqual([7 + 47, 166, 8 + 258]);
    expect(coa.ancestry('economic', '1-12000').map((c) => c.name)).toEqual(['SUELDOS DEL GRUPO A1', 'GASTOS DE PERSONAL']);
    const file = path.join(projectRoot, 'mappings', 'coa', 'es', 'programme.csv');
    expect(readCodes(file, 1).codes.get('91100')?.name).toBe('SECRETARÍA GENERAL DEL PLENO');
  });
});
