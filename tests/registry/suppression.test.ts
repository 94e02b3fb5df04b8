import { describe, expect, it } from 'vitest';
import { suppress, type SuppressionResult, type TableCell } from '../../src/registry/suppression/index.js';

/**
 * The attacker's side. Everything here uses only what is published (plus the true counts, to show
 * an attack that works recovers the right number), and is written independently of the
 * implementation: floats and plain loops where the implementation uses exact integers and a lattice.
 */
type Row = { readonly level: readonly string[]; readonly dims: Readonly<Record<string, string>>; readonly count: number | null };
interface Recovery {
  readonly target: string;
  readonly value: number;
  readonly via: string;
}

const name = (row: Row) => `${row.level.map((d) => `${d}=${row.dims[d]}`).join(', ') || 'grand'}${row.level.length ? '' : ' total'}`;
const rowsOf = (dims: readonly string[], result: Pick<SuppressionResult, 'cells' | 'totals'>): Row[] => [
  ...result.cells.map((c) => ({ level: dims, dims: c.dims, count: c.count })),
  ...result.totals.map((t) => ({ level: t.over, dims: t.dims, count: t.count })),
];

/** Every published equation: a total equals the sum of the matching rows of any finer published level. */
function equations(rows: readonly Row[]): { total: Row; parts: Row[] }[] {
  const levels = [...new Set(rows.map((r) => r.level.join('|')))].map((key) => rows.filter((r) => r.level.join('|') === key));
  const out: { total: Row; parts: Row[] }[] = [];
  for (const coarse of levels)
    for (const fine of levels) {
      const [c, f] = [coarse[0]?.level ?? [], fine[0]?.level ?? []];
      if (f.length <= c.length || !c.every((d) => f.includes(d))) continue;
      for (const total of coarse) out.push({ total, parts: fine.filter((r) => c.every((d) => r.dims[d] === total.dims[d])) });
    }
  return out;
}

/** Published total minus published parts: recovers a hidden number when it is alone in its equation. */
function subtractionAttack(rows: readonly Row[]): Recovery[] {
  const found: Recovery[] = [];
  for (const { total, parts } of equations(rows)) {
    const unknown = [total, ...parts].filter((r) => r.count === null);
    const [target] = unknown;
    if (unknown.length !== 1 || !target) continue;
    const known = parts.reduce((sum, r) => sum + (r.count ?? 0), 0);
    const value = target === total ? known : (total.count ?? 0) - known;
    found.push({ target: name(target), value, via: `${name(total)} = ${parts.map(name).join(' + ')}` });
  }
  return found;
}

/** Gaussian elimination over all published equations at once: catches sums of several groups. */
function linearAttack(rows: readonly Row[]): Recovery[] {
  const unknown = rows.filter((r) => r.count === null);
  const col = new Map(unknown.map((r, i) => [r, i]));
  const matrix = equations(rows).map(({ total, parts }) => {
    const line = new Array<number>(unknown.length + 1).fill(0);
    for (const [row, sign] of [[total, 1] as const, ...parts.map((p) => [p, -1] as const)]) {
      const at = col.get(row);
      if (at === undefined) line[unknown.length] = (line[unknown.length] ?? 0) - sign * (row.count ?? 0);
      else line[at] = (line[at] ?? 0) + sign;
    }
    return line;
  });
  let pivotRow = 0;
  for (let c = 0; c < unknown.length; c++) {
    const best = matrix
      .slice(pivotRow)
      .reduce((b, line, i) => (Math.abs(line[c] ?? 0) > Math.abs(matrix[b]?.[c] ?? 0) ? pivotRow + i : b), pivotRow);
    const pivot = matrix[best];
    if (!pivot || Math.abs(pivot[c] ?? 0) < 1e-9) continue;
    [matrix[best], matrix[pivotRow]] = [matrix[pivotRow] as number[], pivot];
    const p = pivot[c] as number;
    for (let j = 0; j < pivot.length; j++) pivot[j] = (pivot[j] ?? 0) / p;
    for (const line of matrix) {
      const f = line === pivot ? 0 : (line[c] ?? 0);
      if (f) for (let j = 0; j < line.length; j++) line[j] = (line[j] ?? 0) - f * (pivot[j] ?? 0);
    }
    pivotRow++;
  }
  return matrix.flatMap((line) => {
    const nonZero = line.slice(0, unknown.length).flatMap((v, i) => (Math.abs(v) > 1e-9 ? [i] : []));
    const target = nonZero.length === 1 ? unknown[nonZero[0] as number] : undefined;
    return target ? [{ target: name(target), value: Math.round(line[unknown.length] ?? 0), via: 'several equations combined' }] : [];
  });
}

const table = (dims: readonly string[], lines: readonly (readonly (string | number)[])[]): TableCell[] =>
  lines.map((line) => ({ dims: Object.fromEntries(dims.map((d, i) => [d, String(line[i])])), count: line[dims.length] as number }));

const allMargins = (dims: readonly string[]) =>
  Array.from({ length: (1 << dims.length) - 1 }, (_, m) => dims.filter((_, d) => m & (1 << d)));

/** What a publisher without complementary suppression would show: every count < k hidden, nothing else. */
function primaryOnly(dims: readonly string[], cells: readonly TableCell[], k: number): Row[] {
  const rows: Row[] = cells.map((c) => ({ level: dims, dims: c.dims, count: c.count > 0 && c.count < k ? null : c.count }));
  for (const over of allMargins(dims)) {
    const sums = new Map<string, { dims: Record<string, string>; count: number }>();
    for (const c of cells) {
      const key = JSON.stringify(over.map((d) => c.dims[d]));
      const at = sums.get(key) ?? { dims: Object.fromEntries(over.map((d) => [d, c.dims[d] as string])), count: 0 };
      sums.set(key, { ...at, count: at.count + c.count });
    }
    for (const t of sums.values()) rows.push({ level: over, dims: t.dims, count: t.count > 0 && t.count < k ? null : t.count });
  }
  return rows;
}

const truthOf = (cells: readonly TableCell[]) => (row: Row) =>
  cells.filter((c) => row.level.every((d) => c.dims[d] === row.dims[d])).reduce((s, c) => s + c.count, 0);

/** Asserts that no hidden number of a full-margin publication can be recovered, and returns it. */
function expectProtected(dims: readonly string[], cells: readonly TableCell[], k = 5): SuppressionResult {
  const result = suppress(cells, { k, dimensions: dims, totals: allMargins(dims) });
  const rows = rowsOf(dims, result);
  expect(subtractionAttack(rows)).toEqual([]);
  expect(linearAttack(rows)).toEqual([]);
  const truth = truthOf(cells);
  for (const row of rows) {
    if (row.count !== null) expect(row.count).toBe(truth(row));
    else expect(truth(row)).toBeGreaterThan(0);
    if (truth(row) > 0 && truth(row) < k) expect(row.count).toBeNull();
  }
  return result;
}

const AREA_AGE = ['area', 'ageBand'];
// Balaka 0-17 is below k; its complements chain through its row, its column and Zomba's row.
const CHAIN = table(AREA_AGE, [
  ['Balaka', '0-17', 2],
  ['Balaka', '18-59', 50],
  ['Balaka', '60+', 20],
  ['Zomba', '0-17', 30],
  ['Zomba', '18-59', 60],
  ['Zomba', '60+', 7],
  ['Machinga', '0-17', 40],
  ['Machinga', '18-59', 70],
  ['Machinga', '60+', 80],
]);

describe('complementary suppression defeats the subtraction attack', () => {
  it('the attacks recover the exact counts when only the small cells are hidden', () => {
    const rows = primaryOnly(AREA_AGE, CHAIN, 5);
    const recovered = subtractionAttack(rows);
    expect(recovered.map((r) => [r.target, r.value])).toContainEqual(['area=Balaka, ageBand=0-17', 2]);
    expect(new Set(recovered.map((r) => r.value))).toEqual(new Set([2]));
  });

  it('hides a rectangle in a 2-way table: each hidden cell shares its row and its column with another', () => {
    const result = expectProtected(AREA_AGE, CHAIN);
    const hidden = result.cells.filter((c) => c.suppressed).map((c) => `${c.dims.area} ${c.dims.ageBand} ${c.reason}`);
    expect(hidden).toEqual(['Balaka 0-17 primary', 'Balaka 60+ secondary', 'Zomba 0-17 secondary', 'Zomba 60+ secondary']);
    expect(result.totals.every((t) => !t.suppressed)).toBe(true);
  });

  it('protects a 3-way table (area × sex × age band) against every margin, including the rows of cells', () => {
    const dims = ['area', 'sex', 'ageBand'];
    const counts = [41, 3, 17, 38, 0, 12, 55, 61, 4, 49, 70, 9, 33, 28, 1, 36, 30, 14];
    const cells = table(
      dims,
      ['Balaka', 'Machinga', 'Zomba'].flatMap((area, a) =>
        ['F', 'M'].flatMap((sex, s) => ['0-17', '18-59', '60+'].map((age, g) => [area, sex, age, counts[a * 6 + s * 3 + g] as number])),
      ),
    );
    const result = expectProtected(dims, cells);
    expect(result.cells.filter((c) => c.reason === 'secondary').length).toBeGreaterThan(0);
    expect(result.cells.find((c) => c.count === 0)?.dims).toEqual({ area: 'Balaka', sex: 'M', ageBand: '18-59' });
  });

  it('protects a programme × area × period table published with programme × area, programme and grand totals', () => {
    const dims = ['programme', 'area', 'period'];
    const cells = table(dims, [
      ['SCTP', 'Balaka', '2024-03', 412],
      ['SCTP', 'Balaka', '2024-04', 3],
      ['SCTP', 'Machinga', '2024-03', 530],
      ['SCTP', 'Machinga', '2024-04', 524],
      ['SCTP', 'Zomba', '2024-03', 2],
      ['SCTP', 'Zomba', '2024-04', 388],
      ['PWP', 'Balaka', '2024-03', 61],
      ['PWP', 'Balaka', '2024-04', 58],
      ['PWP', 'Zomba', '2024-03', 47],
      ['PWP', 'Zomba', '2024-04', 4],
    ]);
    const totals = [['programme', 'area'], ['programme'], []];
    const result = suppress(cells, { dimensions: dims, totals });
    const rows = rowsOf(dims, result);
    expect(subtractionAttack(rows)).toEqual([]);
    expect(linearAttack(rows)).toEqual([]);
    expect(result.totals.map((t) => t.over)).toEqual([...Array(5).fill(['programme', 'area']), ['programme'], ['programme'], []]);
    // Asking for every margin shows more totals but hides exactly the same cells.
    const full = expectProtected(dims, cells);
    expect(full.cells).toEqual(result.cells);
  });

  it('catches a hidden cell that no single group reveals but two rows minus two columns do', () => {
    const dims = ['area', 'period'];
    const areas = ['Balaka', 'Chikwawa', 'Machinga', 'Zomba', 'Mangochi'];
    const periods = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05'];
    // Two hidden 2×2 blocks (Balaka/Chikwawa × Jan/Feb, Machinga/Zomba × Mar/Apr) joined by Chikwawa March.
    const small = new Set(['0,0', '0,1', '1,0', '1,1', '2,2', '2,3', '3,2', '3,3', '1,2']);
    const cells = table(
      dims,
      areas.flatMap((area, a) => periods.map((p, q) => [area, p, small.has(`${a},${q}`) ? 1 + ((a + q) % 4) : 20 + 7 * a + q])),
    );
    const naive = primaryOnly(dims, cells, 5);
    expect(subtractionAttack(naive)).toEqual([]);
    expect(linearAttack(naive)).toEqual([{ target: 'area=Chikwawa, period=2024-03', value: 4, via: 'several equations combined' }]);
    const result = expectProtected(dims, cells);
    // One more cell closes a 2×2 square (Balaka/Chikwawa × January/March) around the bridge.
    expect(result.steps.filter((s) => s.reason === 'secondary').map((s) => [s.item, s.rule, s.protects])).toEqual([
      ['area=Balaka, period=2024-03', 'linear-combination', 'area=Chikwawa, period=2024-03'],
    ]);
  });

  it('holds on seeded random 3-way tables with many small cells and zeros, whatever the row order', () => {
    let seed = 20240301;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const dims = ['area', 'sex', 'ageBand'];
    let audited = 0;
    for (let run = 0; run < 25; run++) {
      const cells = table(
        dims,
        ['Balaka', 'Chikwawa', 'Machinga', 'Zomba'].flatMap((area) =>
          ['F', 'M'].flatMap((sex) =>
            ['0-17', '18-59', '60+'].map((age) => {
              const r = next();
              return [area, sex, age, r < 0.1 ? 0 : r < 0.4 ? 1 + Math.floor(next() * 4) : 5 + Math.floor(next() * 60)];
            }),
          ),
        ),
      );
      const { steps, cells: published } = expectProtected(dims, cells);
      if (steps.some((s) => s.rule === 'linear-combination')) audited++;
      // The order rows arrive in changes nothing.
      expect(suppress([...cells].reverse(), { dimensions: dims }).cells).toEqual([...published].reverse());
    }
    // At least one of them was left recoverable by the group rule alone: the audit is not idle.
    expect(audited).toBeGreaterThan(0);
  });
});
