import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { fromFiscalDataPackage } from '../../../connectors/ifmis/fdp.js';
import { TributaryError } from '../../../src/errors.js';
import { sample } from '../../support/sample-data.js';

/**
 * Every real Fiscal Data Package descriptor in ../shared/data/budget, turned into a column map:
 * the segments, their columns top level first, the stages and the fiscal year each must give.
 */
function descriptor(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(sample('budget', 'fiscal-data-package', `${name}.datapackage.json`), 'utf8')) as Record<string, unknown>;
}

function convert(name: string): { map: ColumnMap; warnings: string[] } {
  const warnings: string[] = [];
  const map = fromFiscalDataPackage(descriptor(name), { onWarning: (w) => warnings.push(w) });
  return { map, warnings };
}

const columns = (map: ColumnMap): Record<string, readonly string[]> =>
  Object.fromEntries(Object.entries(map.segments).map(([id, segment]) => [id, segment.columns]));

describe('fromFiscalDataPackage on the real descriptors', () => {
  it('Madrid: centre → section, programme, chapter → item; approved euros by year; integer codes lose leading zeros', () => {
    const { map, warnings } = convert('madrid-municipal-gastos');
    expect(map).toMatchObject({
      country: 'ES',
      format: 'csv',
      fiscalYear: 'AÑO',
      currency: { value: 'EUR' },
      amounts: { approved: 'IMPORTE' },
    });
    expect(columns(map)).toEqual({ administrative: ['CENTRO', 'SECCION'], programme: ['PROGRAMA'], economic: ['CAPITULO', 'ECONOMICO'] });
    expect(Object.values(map.segments).every((s) => s.trimZeros)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('Moldova: six administrative levels after their parents, codes not labels, and fin_source as the fund', () => {
    const { map } = convert('boost-moldova');
    expect(map).toMatchObject({ country: 'MD', fiscalYear: 'year', currency: { value: 'MDL' } });
    expect(map.amounts).toEqual({ approved: 'approved', revised: 'adjusted', paid: 'executed' });
    expect(columns(map)).toEqual({
      location: ['admin2 (label)'],
      functional: ['func1 (code)', 'func2 (code)'],
      economic: ['econ1 (code)', 'econ2 (code)'],
      administrative: ['admin1', 'admin2 (code)', 'admin3 (code)', 'admin4 (code)', 'admin5 (code)', 'admin6 (code)'],
      fund: ['fin_source'],
      'expenditure-type': ['exp_type'],
      transfer: ['transfer'],
    });
  });

  it('Armenia: three functional and four economic levels, the programme, and the side-by-side "other" attributes each a segment', () => {
    const { map } = convert('boost-armenia');
    expect(map).toMatchObject({ country: 'AM', fiscalYear: 'year', currency: { value: 'AMD' } });
    expect(map.amounts).toEqual({ approved: 'approved', revised: 'adjusted', paid: 'executed' });
    expect(columns(map)).toEqual({
      functional: ['func1', 'func2', 'func3'],
      economic: ['econ1', 'econ2', 'econ3', 'econ4'],
      administrative: ['admin'],
      programme: ['program'],
      'expenditure-type': ['exp_type'],
      'econ-func': ['Econ/func'],
      transfer: ['transfer'],
    });
  });

  it('Peru: stages from the measure names when no phase is given; the untyped financial-source is the fund; projects apart from the programme', () => {
    const { map } = convert('boost-peru-national');
    expect(map).toMatchObject({ country: 'PE', fiscalYear: 'Year', currency: { value: 'PEN' } });
    expect(map.amounts).toEqual({ approved: 'Approved', revised: 'Modified', paid: 'Executed' });
    expect(columns(map)).toEqual({
      administrative: ['Admin1', 'Admin2', 'Admin3', 'Admin4'],
      programme: ['Program1'],
      project: ['Project1'],
      'project-2': ['Type_project2', 'Project2'],
      functional: ['Function1', 'Function2', 'Function3'],
      location: ['Geo1', 'Geo2', 'Geo3'],
      fund: ['Source_Fin2', 'Source_Fin3'],
      economic: ['Econ1', 'Econ2', 'Econ3', 'Econ4', 'Econ5', 'Econ6'],
    });
  });

  it('Paraguay: COMMITTED stays committed although its phase says approved (FDP has no committed phase), with warnings', () => {
    const { map, warnings } = convert('boost-paraguay');
    expect(map).toMatchObject({ country: 'PY', fiscalYear: 'YEAR', currency: { value: 'PYG' } });
    expect(map.amounts).toEqual({
      revised: 'MODIFIED (million guaraníes)',
      committed: 'COMMITTED (million guaraníes)',
      paid: 'PAID (million guaraníes)',
    });
    expect(columns(map)).toEqual({ economic: ['ECON4', 'ECON5'], administrative: ['ADMIN1', 'ADMIN2'] });
    expect(warnings).toContainEqual(expect.stringMatching(/committed: phase "approved" but the column says committed; read as committed/));
    expect(warnings.filter((w) => /looks scaled/.test(w))).toHaveLength(3);
  });
});

describe('fromFiscalDataPackage on descriptors it must refuse or correct', () => {
  const madrid = (): Record<string, unknown> => descriptor('madrid-municipal-gastos');
  const measure = (d: Record<string, unknown>): Record<string, unknown> =>
    ((d.mapping as Record<string, unknown>).measures as Record<string, Record<string, unknown>>).amount ?? {};

  it.each([
    ['a scale factor', (d: Record<string, unknown>) => void (measure(d).factor = 1000), /factor 1000/],
    ['no currency', (d: Record<string, unknown>) => void delete measure(d).currency, /no measure names its currency/],
    ['a column the schema lacks', (d: Record<string, unknown>) => void (measure(d).source = 'TOTAL'), /schema does not have: TOTAL/],
    ['no mapping at all', (d: Record<string, unknown>) => void delete d.mapping, /no "mapping"/],
  ])('refuses %s, saying why', (_, spoil, message) => {
    const d = madrid();
    spoil(d);
    expect(() => fromFiscalDataPackage(d)).toThrow(TributaryError);
    expect(() => fromFiscalDataPackage(d)).toThrow(message);
  });

  it('takes the number format from the schema and leaves revenue measures out, saying so', () => {
    const d = madrid();
    const fields = ((d.resources as Record<string, unknown>[])[0]?.schema as { fields: Record<string, unknown>[] }).fields;
    Object.assign(fields.find((f) => f.name === 'IMPORTE') ?? {}, { type: 'number', decimalChar: ',', groupChar: '.' });
    const measures = (d.mapping as Record<string, Record<string, unknown>>).measures ?? {};
    measures.income = { source: 'IMPORTE', currency: 'EUR', direction: 'revenue', phase: 'approved' };
    const warnings: string[] = [];
    const map = fromFiscalDataPackage(d, { onWarning: (w) => warnings.push(w) });
    expect(map.numbers).toEqual({ thousands: '.', decimal: ',' });
    expect(map.amounts).toEqual({ approved: 'IMPORTE' });
    expect(warnings).toEqual(['measure income is revenue, not expenditure: left out']);
  });

  it("reads commitment authority (AE) and liquidated / devengado measures as their stages, whatever FDP's phase says", () => {
    const d = madrid();
    const measures = (d.mapping as Record<string, Record<string, unknown>>).measures ?? {};
    const fields = ((d.resources as Record<string, unknown>[])[0]?.schema as { fields: Record<string, unknown>[] }).fields;
    fields.push({ name: 'Autorisations d’engagement', type: 'number' }, { name: 'Montant liquidé', type: 'number' });
    measures.ae = { source: 'Autorisations d’engagement', currency: 'EUR', phase: 'approved' };
    measures.liquide = { source: 'Montant liquidé', currency: 'EUR', phase: 'executed' };
    const warnings: string[] = [];
    const map = fromFiscalDataPackage(d, { onWarning: (w) => warnings.push(w) });
    expect(map.amounts).toEqual({ approved: 'IMPORTE', commitment_authority: 'Autorisations d’engagement', verified: 'Montant liquidé' });
    expect(warnings).toEqual([
      'measure ae: phase "approved" but the column says commitment_authority; read as commitment_authority',
      'measure liquide: phase "executed" but the column says verified; read as verified',
    ]);
  });

  it('takes the country from the options when the descriptor has none, and reads FDP 0.3 `model`', () => {
    const d = madrid();
    delete d.countryCode;
    d.model = d.mapping;
    delete d.mapping;
    expect(fromFiscalDataPackage(d, { country: 'es' }).country).toBe('ES');
    expect(() => fromFiscalDataPackage(d)).toThrow(/countryCode/);
  });
});
