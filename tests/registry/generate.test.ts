import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistryBatch } from '../../connectors/registry/types.js';
import { DISTRICTS, REGIONS } from '../../src/cli/demo/registry/areas.js';
import { ageOn } from '../../src/cli/demo/registry/dates.js';
import { generateRegistry, registryAsOf, registryReferenceDay } from '../../src/cli/demo/registry/generate.js';
import { projectRoot } from '../../src/paths.js';

/**
 * The synthetic registry: the same seed gives the same registry, and a large one holds together the way a real registry's records must.
 */
const OPTIONS = { seed: 7, households: 10_000, startCycle: '2024-10', cycles: 12 } as const;

const big = generateRegistry(OPTIONS);
const reference = registryReferenceDay(OPTIONS);
const asOf = registryAsOf(OPTIONS);

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

describe('generateRegistry', () => {
  it('gives the same registry for the same seed, and another for another seed', () => {
    const options = { seed: 11, households: 300, startCycle: '2025-01', cycles: 6 };
    const first = generateRegistry(options);
    expect(generateRegistry(options)).toEqual(first);
    expect(JSON.stringify(generateRegistry(options))).toBe(JSON.stringify(first));
    expect(generateRegistry({ ...options, seed: 12 }).individuals).not.toEqual(first.individuals);
  });

  // No time limit here: a timed test fails on a busy machine and measures nothing (speed is for bench/).
  it('makes 10 000 households', () => {
    expect(big.households).toHaveLength(10_000);
  });

  it('names regions and districts as the Malawi chart of accounts does', async () => {
    const csv = await readFile(path.join(projectRoot, 'mappings', 'coa', 'mw', 'location.csv'), 'utf8');
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    const named = new Map(rows.map(([code = '', , , name = '']) => [code, name]));
    for (const region of REGIONS) expect(named.get(region.location)).toBe(region.name);
    for (const [location, [name]] of Object.entries(DISTRICTS)) expect(named.get(location)).toBe(name);
    const districts = big.areas.filter((a) => a.level === 2).map((a) => a.name);
    expect(districts.sort()).toEqual(
      Object.values(DISTRICTS)
        .map(([name]) => name)
        .sort(),
    );
  });

  it('builds areas top-down with hierarchical codes', () => {
    const byCode = new Map(big.areas.map((a) => [a.code, a]));
    expect(byCode.size).toBe(big.areas.length);
    for (const area of big.areas) {
      if (area.level === 1) expect(area.parent).toBeNull();
      else {
        const parent = byCode.get(area.parent ?? '');
        expect(parent?.level).toBe(area.level - 1);
        expect(area.code.startsWith(`${area.parent}-`)).toBe(true);
      }
    }
    expect(big.areas.find((a) => a.level === 4)?.code).toMatch(/^MW-[NCS]-[A-Z]{3}-TA\d{2}-V\d{3}$/);
    const villages = new Set(big.areas.filter((a) => a.level === 4).map((a) => a.code));
    for (const record of [...big.households, ...big.individuals, ...big.grievances]) expect(villages.has(record.areaCode)).toBe(true);
  });

  it('has households of one to nine members with one head and one recipient, each person in one household', () => {
    const households = groupBy(big.memberships, (m) => m.householdKey);
    expect(households.size).toBe(big.households.length);
    const people = new Map(big.individuals.map((i) => [i.key, i]));
    const area = new Map(big.households.map((h) => [h.key, h.areaCode]));
    expect(new Set(big.memberships.map((m) => m.individualKey)).size).toBe(big.individuals.length);
    for (const [key, members] of households) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(9);
      expect(members.filter((m) => m.role === 'head')).toHaveLength(1);
      expect(members.filter((m) => m.recipient)).toHaveLength(1);
      for (const m of members) expect(people.get(m.individualKey)?.areaCode).toBe(area.get(key));
    }
  });

  it('gives ages that fit the roles', () => {
    const people = new Map(big.individuals.map((i) => [i.key, i]));
    const age = (key: string): number => ageOn(people.get(key)?.dateOfBirth ?? '', reference);
    let women = 0;
    let elderly = 0;
    let children = 0;
    for (const members of groupBy(big.memberships, (m) => m.householdKey).values()) {
      const head = members.find((m) => m.role === 'head');
      if (!head) throw new Error('no head');
      const headAge = age(head.individualKey);
      expect(headAge).toBeGreaterThanOrEqual(13);
      if (people.get(head.individualKey)?.sex === 'F') women += 1;
      if (headAge >= 65) elderly += 1;
      if (headAge < 18) {
        children += 1;
        expect(members.filter((m) => m.role === 'spouse' || m.role === 'child')).toEqual([]);
      }
      for (const m of members) {
        if (m.role === 'spouse') expect(age(m.individualKey)).toBeGreaterThanOrEqual(16);
        if (m.role === 'child') expect(headAge - age(m.individualKey)).toBeGreaterThanOrEqual(15);
        if (m.recipient && m.role !== 'head') expect(age(m.individualKey)).toBeGreaterThanOrEqual(18);
      }
    }
    const share = (n: number): number => n / big.households.length;
    expect(share(women)).toBeGreaterThan(0.4);
    expect(share(women)).toBeLessThan(0.65);
    expect(share(elderly)).toBeGreaterThan(0.2);
    expect(children).toBeGreaterThan(0);
    expect(big.individuals.every((i) => i.dateOfBirth <= reference)).toBe(true);
  });

  it('gives national IDs (unique, from 16) and phones to some people only', () => {
    const ids = big.individuals.flatMap((i) => (i.nationalId ? [i.nationalId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of big.individuals) {
      if (i.nationalId !== null) {
        expect(i.nationalId).toMatch(/^[A-Z0-9]{8}$/);
        expect(ageOn(i.dateOfBirth, reference)).toBeGreaterThanOrEqual(16);
      }
      if (i.phone !== null) expect(i.phone).toMatch(/^\+265(99|98|88|89)\d{7}$/);
    }
    const adults = big.individuals.filter((i) => ageOn(i.dateOfBirth, reference) >= 18);
    expect(adults.some((i) => i.nationalId === null)).toBe(true);
    expect(adults.some((i) => i.phone === null)).toBe(true);
  });

  it('pays only enrolled beneficiaries, within their enrolment, in exact amounts under the ceiling', () => {
    const programmes = new Map(big.programmes.map((p) => [p.code, p]));
    const enrolments = new Map(big.enrolments.map((e) => [`${e.programmeCode}/${e.beneficiaryKey}`, e]));
    expect(enrolments.size).toBe(big.enrolments.length);
    const households = new Set(big.households.map((h) => h.key));
    const individuals = new Set(big.individuals.map((i) => i.key));
    for (const e of big.enrolments) {
      const targeted = programmes.get(e.programmeCode)?.targeting === 'household' ? households : individuals;
      expect(targeted.has(e.beneficiaryKey)).toBe(true);
      if (e.exitedOn !== null) expect(e.exitedOn >= e.enrolledOn).toBe(true);
      expect(e.status === 'graduated').toBe(e.exitedOn !== null);
    }
    expect(new Set(big.payments.map((p) => p.key)).size).toBe(big.payments.length);
    const wrong = big.payments.filter((p) => {
      const enrolment = enrolments.get(`${p.programmeCode}/${p.beneficiaryKey}`);
      const ceiling = programmes.get(p.programmeCode)?.ceilingPerBeneficiary;
      const done = p.status === 'paid' || p.status === 'reconciled';
      return (
        !enrolment ||
        enrolment.status === 'potential' ||
        p.dueDate <= enrolment.enrolledOn ||
        (enrolment.exitedOn !== null && p.dueDate > enrolment.exitedOn) ||
        !/^[1-9]\d*(\.\d?[1-9])?$/.test(p.amount) ||
        (ceiling && Number(p.amount) > Number(ceiling)) ||
        (p.paidDate !== null) !== done ||
        (p.receipt !== null) !== done ||
        (p.paidDate !== null && (p.paidDate < p.dueDate || p.paidDate > asOf))
      );
    });
    expect(wrong).toEqual([]);
    const statuses = (items: readonly { status: string }[]): string[] => [...new Set(items.map((i) => i.status))].sort();
    expect(statuses(big.enrolments)).toEqual(['active', 'graduated', 'potential', 'suspended']);
    expect(statuses(big.payments)).toEqual(['failed', 'paid', 'pending', 'reconciled']);
    expect(new Set(big.payments.map((p) => p.provider))).toEqual(
      new Set(['Airtel Money', 'TNM Mpamba', 'National Bank of Malawi', 'District Council cash pay point', 'Take-home ration voucher']),
    );
    expect(big.payments.some((p) => p.amount.includes('.'))).toBe(true);
  });

  it('logs grievances and household changes within the period', () => {
    const categories = new Set(big.grievances.map((g) => g.category));
    for (const category of ['payment not received', 'wrong amount', 'exclusion error', 'staff conduct'])
      expect(categories.has(category)).toBe(true);
    expect(new Set(big.grievances.map((g) => g.channel))).toEqual(new Set(['hotline', 'community committee', 'SMS', 'district office']));
    for (const g of big.grievances) {
      expect(g.closedOn !== null).toBe(g.status === 'resolved' || g.status === 'closed');
      if (g.closedOn) expect(g.closedOn >= g.openedOn && g.closedOn <= asOf).toBe(true);
    }
    expect(new Set(big.changes.map((c) => c.kind))).toEqual(new Set(['member-added', 'member-left', 'moved']));
    const households = new Set(big.households.map((h) => h.key));
    expect(big.changes.every((c) => households.has(c.householdKey) && c.on >= reference && c.on <= asOf)).toBe(true);
  });

  it('scales down to a handful of households and up by the same rules', () => {
    const tiny: RegistryBatch = generateRegistry({ seed: 3, households: 3, cycles: 1 });
    expect(tiny.households).toHaveLength(3);
    expect(tiny.areas.filter((a) => a.level === 2)).toHaveLength(28);
    expect(generateRegistry({ households: 0 }).individuals).toEqual([]);
    expect(() => generateRegistry({ startCycle: '2024-13' })).toThrow(/not a payment cycle/);
  });
});
