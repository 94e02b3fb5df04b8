import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAreaSheet } from '../../src/cli/demo/registry/area-sheet.js';
import { applyMappingSheet } from '../../src/mapping/rules/sheet-apply.js';
import { registryHub, type RegistryHub } from '../registry/graph-support.js';

/** Registry admin areas placed in the IFMIS location segment by `admin-area` rules, through the gateway. */
let hub: RegistryHub;
beforeAll(async () => {
  hub = await registryHub(60);
  await hub.db.orm.em.fork().transactional((em) => applyMappingSheet(em, Buffer.from(demoAreaSheet()), 'areas.csv', 'test'));
}, 120_000);
afterAll(() => hub?.close());

interface Area {
  code: string;
  name: string;
  location: { country: string; code: string; name: string | null; mappedArea: string } | null;
}

async function areas(level: number): Promise<Area[]> {
  const result = await hub.as(
    ['analyst'],
    `query($level: Int) { adminAreas(level: $level) { code name location { country code name mappedArea } } }`,
    { level },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data as { adminAreas: Area[] }).adminAreas;
}

describe('admin areas in the chart of accounts', () => {
  it('gives each district its location code and the chart’s own name for it', async () => {
    const districts = await areas(2);
    expect(districts.find((d) => d.name === 'Blantyre')?.location).toEqual({
      country: 'MW',
      code: '305',
      name: 'Blantyre',
      mappedArea: 'MW-S-BLK',
    });
    expect(districts.every((d) => d.location !== null)).toBe(true);
  });

  it('places a village in its district’s location when the village has no rule of its own', async () => {
    const villages = await areas(4);
    const village = villages.find((v) => v.code.startsWith('MW-S-BLK-'));
    expect(village?.location).toEqual({ country: 'MW', code: '305', name: 'Blantyre', mappedArea: 'MW-S-BLK' });
  });

  it('refuses a rule for an area no registry has', async () => {
    const sheet =
      'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason\nMW,admin-area,MW-X-NOWHERE,coa:location,305,100,,,typo\n';
    await expect(
      hub.db.orm.em.fork().transactional((em) => applyMappingSheet(em, Buffer.from(sheet), 'bad.csv', 'test')),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'source_code', message: expect.stringMatching(/MW-X-NOWHERE/) })],
    });
  });
});
