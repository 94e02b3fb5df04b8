import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveDacCofogTable, SECTOR_MAPPING_DIR } from '../../src/cli/commands/derive-dac-cofog.js';
import { CLASSIFICATION_DIR, readCodes } from '../../src/finance/coa/load.js';
import { deriveDacCofog, SectorMappingSourceError } from '../../src/mapping/sectors/dac-cofog.js';
import { sample } from '../support/sample-data.js';

const cofogFile = () => sample('iati', 'mappings', 'SectorCOFOG.xml');
const sectorFile = () => sample('iati', 'mappings', 'Sector-codeforIATI-budget-alignment.xml');
const cofogCodes = () => readCodes(path.join(CLASSIFICATION_DIR, 'cofog.csv'), 3).codes;

function derive(cofogXml = readFileSync(cofogFile(), 'utf8'), sectorXml = readFileSync(sectorFile(), 'utf8')) {
  return deriveDacCofog({ cofogXml, cofogFile: 'SectorCOFOG.xml', sectorXml, sectorFile: 'Sector.xml' }, cofogCodes());
}

/** Counts by regular expression, independently of the XML parser the derivation uses. */
const occurrences = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe('the default DAC → COFOG sector mapping', () => {
  it('has every DAC code of the Sector codelist, maps each code SectorCOFOG maps, and keeps the budget-alignment flags', () => {
    const sectorXml = readFileSync(sectorFile(), 'utf8');
    const cofogXml = readFileSync(cofogFile(), 'utf8');
    const rows = derive(cofogXml, sectorXml);
    expect(rows).toHaveLength(occurrences(sectorXml, /<codelist-item[\s>]/g));
    expect(rows.filter((r) => r.cofog !== null)).toHaveLength(occurrences(cofogXml, /<codelist-item[\s>]/g));
    expect(rows.filter((r) => r.status === 'withdrawn')).toHaveLength(occurrences(sectorXml, /<codelist-item status="withdrawn"/g));
    expect(rows.filter((r) => r.alignment === 'insufficiently-granular')).toHaveLength(
      occurrences(sectorXml, /<budget-alignment:status>Insufficiently granular</g),
    );
    expect(rows.filter((r) => r.alignment === 'unmappable')).toHaveLength(occurrences(sectorXml, /<budget-alignment:status>Unmappable</g));
    const codes = cofogCodes();
    for (const row of rows) if (row.cofog) expect(codes.get(row.cofog)?.level, row.dac).toBe(3);
    expect(rows.find((r) => r.dac === '11110')).toEqual({
      dac: '11110',
      name: 'Education policy and administrative management',
      status: 'active',
      cofog: '09.8.0',
      alignment: null,
    });
    // An active code SectorCOFOG leaves out stays in the table, unmapped, so the money under it shows.
    expect(rows.filter((r) => r.status === 'active' && r.cofog === null).map((r) => r.dac)).toEqual(['22081']);
  });

  it('is what the checked-in mappings/sectors/dac-cofog.csv holds (the derivation is reproducible)', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'tributary-dac-cofog-'));
    await deriveDacCofogTable({
      cofog: cofogFile(),
      sectors: sectorFile(),
      cofogOrigin: 'codeforIATI/Unofficial-Codelists:xml/SectorCOFOG.xml@d8dbe0f938105881a9143a8aeab9edf55bb7fd7d',
      sectorsOrigin: 'codeforIATI/IATI-Codelists-NonEmbedded:xml/Sector.xml@b70e4a5ca49149e0e6070ba136606b884dff5bfe',
      out,
    });
    for (const file of ['dac-cofog.csv', 'SOURCES.md']) {
      expect(await readFile(path.join(out, file), 'utf8'), file).toBe(await readFile(path.join(SECTOR_MAPPING_DIR, file), 'utf8'));
    }
  });

  it('refuses sources whose COFOG codes are wrong, naming the file, the DAC code and the field of each', () => {
    const cofogXml = readFileSync(cofogFile(), 'utf8')
      .replace(
        '<codeforiati:cofog-class>09.8.0 - Education n.e.c. (CS)</codeforiati:cofog-class>',
        '<codeforiati:cofog-class>09.9.9 - Nonsense</codeforiati:cofog-class>',
      )
      .replace(/(<code>11120<\/code>[\s\S]*?<codeforiati:cofog-group>)09\.6/, '$101.1');
    let error: unknown;
    try {
      derive(cofogXml);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SectorMappingSourceError);
    expect((error as SectorMappingSourceError).problems).toEqual([
      'SectorCOFOG.xml, code 11110, cofog-class: "09.9.9" is not a COFOG class',
      'SectorCOFOG.xml, code 11120, cofog-group: "01.1" is not the group of class 09.6.0 (09.6)',
    ]);
  });
});
