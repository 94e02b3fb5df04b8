import { describe, expect, it } from 'vitest';
import { TributaryError } from '../../src/errors.js';
import { determinedColumns } from '../../src/registry/suppression/elimination.js';
import { suppress, type SuppressOptions, type TableCell } from '../../src/registry/suppression/index.js';

/** The rules one at a time: the threshold, zeros, complements, tie-breaks, amounts, bad input. */
const cell = (area: string, count: number, amount?: string, sex = 'F'): TableCell => ({
  dims: { area, sex },
  count,
  ...(amount === undefined ? {} : { sums: { amount } }),
});
const BY_AREA: SuppressOptions = { dimensions: ['area', 'sex'], totals: [['area'], ['sex'], []] };
const hiddenCells = (cells: readonly { dims: Record<string, string>; reason: string | null }[]) =>
  cells.flatMap((c) => (c.reason ? [`${Object.values(c.dims).join(' ')}: ${c.reason}`] : []));

describe('primary suppression', () => {
  it.each([
    { k: 5, count: 1, reason: 'primary' },
    { k: 5, count: 4, reason: 'primary' },
    { k: 5, count: 5, reason: null },
    { k: 5, count: 0, reason: null },
    { k: 3, count: 2, reason: 'primary' },
    { k: 3, count: 3, reason: null },
    { k: 10, count: 9, reason: 'primary' },
    { k: 10, count: 10, reason: null },
    { k: 1, count: 1, reason: null },
  ])('with k = $k a cell of $count is $reason', ({ k, count, reason }) => {
    const { cells } = suppress([cell('Balaka', count), cell('Machinga', 120), cell('Zomba', 95)], { ...BY_AREA, k });
    expect(cells[0]).toMatchObject({ reason, count: reason ? null : count, suppressed: reason !== null });
  });

  it('shows a zero as 0 and never hides one as a complement, even when it is the smallest', () => {
    const { cells } = suppress([cell('Balaka', 2), cell('Machinga', 0), cell('Zomba', 30), cell('Mangochi', 45)], BY_AREA);
    expect(cells.map((c) => c.count)).toEqual([null, 0, null, 45]);
    expect(hiddenCells(cells)).toEqual(['Balaka F: primary', 'Zomba F: secondary']);
  });

  it('hides a requested total below k, and every non-zero cell under it', () => {
    const { cells, totals } = suppress([cell('Balaka', 1), cell('Balaka', 2, undefined, 'M'), cell('Balaka', 0, undefined, 'X')], {
      dimensions: ['area', 'sex'],
      totals: [[]],
    });
    expect(totals).toEqual([{ over: [], dims: {}, suppressed: true, reason: 'primary', count: null, sums: {} }]);
    expect(cells.map((c) => c.count)).toEqual([null, null, 0]);
  });
});

describe('complementary suppression', () => {
  it('breaks a tie between equal counts by dimension value order, whatever the input order', () => {
    const lines = [cell('Zomba', 30), cell('Balaka', 2), cell('Machinga', 30), cell('Mangochi', 30)];
    const forward = suppress(lines, BY_AREA);
    expect(hiddenCells(forward.cells)).toEqual(['Balaka F: primary', 'Machinga F: secondary']);
    const backward = suppress([...lines].reverse(), BY_AREA);
    expect(backward.cells).toEqual([...forward.cells].reverse());
    expect(backward.totals).toEqual(forward.totals);
    expect(backward.steps).toEqual(forward.steps);
  });

  it('follows a complement through the margins: a lone cell takes its total, which takes a sibling total', () => {
    const dims = ['programme', 'area'];
    const cells: TableCell[] = [
      { dims: { programme: 'SCTP', area: 'Balaka' }, count: 2 },
      { dims: { programme: 'SCTP', area: 'Machinga' }, count: 530 },
      { dims: { programme: 'SCTP', area: 'Zomba' }, count: 388 },
      // Public works ran only in Balaka: its one cell is its whole programme total.
      { dims: { programme: 'PWP', area: 'Balaka' }, count: 40 },
    ];
    const { steps, totals } = suppress(cells, { dimensions: dims, totals: [['programme'], ['area'], []] });
    expect(steps.map((s) => [s.item, s.rule, s.protects, s.via])).toEqual([
      ['programme=SCTP, area=Balaka', 'below-k', null, null],
      ['programme=PWP, area=Balaka', 'lone-unknown', 'programme=SCTP, area=Balaka', 'total of area=Balaka split by programme'],
      ['total of programme=PWP', 'lone-unknown', 'programme=PWP, area=Balaka', 'total of programme=PWP split by area'],
      // SCTP's row now holds Balaka alone hidden: its smallest other cell goes, and that cascades again.
      ['programme=SCTP, area=Zomba', 'lone-unknown', 'programme=SCTP, area=Balaka', 'total of programme=SCTP split by area'],
      ['total of programme=SCTP', 'lone-unknown', 'total of programme=PWP', 'grand total split by programme'],
      ['total of area=Zomba', 'lone-unknown', 'programme=SCTP, area=Zomba', 'total of area=Zomba split by programme'],
      ['total of area=Balaka', 'lone-unknown', 'total of area=Zomba', 'grand total split by area'],
    ]);
    expect(totals.filter((t) => t.suppressed).map((t) => t.dims)).toEqual([
      { programme: 'PWP' },
      { programme: 'SCTP' },
      { area: 'Balaka' },
      { area: 'Zomba' },
    ]);
    expect(totals.find((t) => t.over.length === 0)).toMatchObject({ suppressed: false, count: 960 });
  });

  it('hides the amounts with their cell (Zomba is the complement) and sums the shown ones exactly, at the cells’ scale', () => {
    const { cells, totals } = suppress(
      [cell('Balaka', 3, '45000.10'), cell('Machinga', 12, '180000.20'), cell('Zomba', 7, '105000.05'), cell('Mangochi', 25, '0.1')],
      BY_AREA,
    );
    expect(cells.map((c) => c.sums)).toEqual([{ amount: null }, { amount: '180000.20' }, { amount: null }, { amount: '0.1' }]);
    expect(totals.find((t) => t.over.length === 0)).toMatchObject({ count: 47, sums: { amount: '330000.45' } });
    expect(totals.find((t) => t.dims.area === 'Balaka')).toMatchObject({ reason: 'primary', sums: { amount: null } });
  });
});

describe('bad input', () => {
  const good = [cell('Balaka', 10)];
  it.each<[string, readonly TableCell[], Partial<SuppressOptions>, RegExp]>([
    ['k of 0', good, { k: 0 }, /k must be a whole number of at least 1, got 0/],
    ['fractional k', good, { k: 2.5 }, /got 2.5/],
    ['no dimensions', good, { dimensions: [] }, /at least one dimension/],
    ['a repeated dimension', good, { dimensions: ['area', 'area'] }, /name one twice/],
    ['a total over an unknown dimension', good, { totals: [['district']] }, /"district", which is not one of the dimensions/],
    ['a total keeping every dimension', good, { totals: [['sex', 'area']] }, /those are the cells themselves/],
    ['the same total twice', good, { totals: [['area'], ['area']] }, /asks again for totals by \[area\]/],
    ['a negative count', [cell('Balaka', -1)], {}, /cell 0 \(area=Balaka, sex=F\): count -1 is not a whole number/],
    ['a fractional count', [cell('Balaka', 1.5)], {}, /count 1.5/],
    ['a missing dimension value', [{ dims: { area: 'Zomba' }, count: 3 }], {}, /cell 0 has no text value for dimension "sex"/],
    ['an undeclared dimension', [{ dims: { area: 'Zomba', sex: 'F', ageBand: '60+' }, count: 3 }], {}, /dimension "ageBand", which is not/],
    ['a repeated cell', [cell('Zomba', 3), cell('Zomba', 8)], {}, /cell 1 \(area=Zomba, sex=F\) repeats an earlier cell/],
    ['an amount that is not a decimal', [cell('Zomba', 3, '1,500.00')], {}, /amount "1,500.00" is not a decimal/],
    ['an amount missing from one cell', [cell('Zomba', 3, '10.00'), cell('Balaka', 8)], {}, /cell 1 .* has no "amount"/],
  ])('refuses %s', (_, cells, options, message) => {
    const run = () => suppress(cells, { ...BY_AREA, ...options });
    expect(run).toThrow(TributaryError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect((error as TributaryError).code).toBe('BAD_USER_INPUT');
    }
  });

  it('returns nothing for an empty table', () => {
    expect(suppress([], BY_AREA)).toEqual({ k: 5, cells: [], totals: [], steps: [] });
  });
});

describe('the exact audit', () => {
  const rows = (...lines: Record<number, number>[]) =>
    lines.map((line) => new Map(Object.entries(line).map(([c, v]) => [Number(c), BigInt(v)])));
  it.each([
    ['x + y alone leaves both free', rows({ 0: 1, 1: 1 }), []],
    ['x + y and x − y pin both (a pivot of 2, kept exact)', rows({ 0: 1, 1: 1 }, { 0: 1, 1: -1 }), [0, 1]],
    [
      'x + y, y + z, z + x pin all three: two per line, no alternating signs',
      rows({ 0: 1, 1: 1 }, { 1: 1, 2: 1 }, { 2: 1, 0: 1 }),
      [0, 1, 2],
    ],
    ['a 4-cycle x − y, y − z, z − w, w − x leaves all free', rows({ 0: 1, 1: -1 }, { 1: 1, 2: -1 }, { 2: 1, 3: -1 }, { 3: 1, 0: -1 }), []],
    ['a pinned unknown beside free ones', rows({ 0: 1, 1: 1, 2: 1 }, { 0: 1, 1: 1 }), [2]],
  ])('%s', (_, system, determined) => {
    expect(determinedColumns(system)).toEqual(determined);
  });
});
