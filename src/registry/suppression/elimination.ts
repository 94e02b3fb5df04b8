/**
 * Which unknowns a system of homogeneous linear equations pins down: x_j is determined exactly
 * when every solution has the same x_j, i.e. when no null vector of the matrix moves it.
 *
 * 1. Forward elimination over the rationals, exactly: fraction-free in BigInt, each row divided by
 *    its gcd. Markowitz order (the column in the fewest rows first, its shortest row as pivot)
 *    keeps these sparse table equations sparse; a fully reduced form filled them in and took
 *    seconds on a 5-way table.
 * 2. A null vector built from the echelon form: random values for the free columns, the pivots
 *    solved back, all modulo a prime. A determined x_j is a combination of free values that is
 *    zero over the rationals, so its image modulo p is zero too: no determined unknown is missed.
 *    An undetermined one reads zero only by accident (about 1 in p per try); two tries must both
 *    read zero, and the accident can only hide one number too many, never too few. The generator
 *    is seeded, so the answer is the same on every run.
 */
export type Row = Map<number, bigint>;

interface Pivot {
  readonly col: number;
  readonly row: Row;
}

export function determinedColumns(rows: readonly Row[]): number[] {
  const pivots = echelon(rows);
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  const random = seeded(0x5eed);
  let candidates = pivots.map((p) => p.col);
  for (let tries = 0; tries < 2 && candidates.length > 0; tries++) {
    const values = nullVector(pivots, columns, random);
    candidates = candidates.filter((col) => values.get(col) === 0);
  }
  return candidates.sort((a, b) => a - b);
}

function echelon(input: readonly Row[]): Pivot[] {
  const rows: (Row | null)[] = input.map((row) => new Map(row));
  const rowsOf = new Map<number, Set<number>>();
  const heap = new MinHeap();
  rows.forEach((row, r) => row?.forEach((_, col) => (rowsOf.get(col) ?? rowsOf.set(col, new Set()).get(col))?.add(r)));
  for (const [col, at] of rowsOf) heap.push(at.size, col);
  const pivots: Pivot[] = [];
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [count, col] = top;
    const at = rowsOf.get(col);
    if (!at || at.size !== count || count === 0) continue; // stale: a fresher entry is in the heap
    let r = -1;
    for (const s of at)
      if (r < 0 || (rows[s]?.size ?? 0) < (rows[r]?.size ?? 0) || ((rows[s]?.size ?? 0) === (rows[r]?.size ?? 0) && s < r)) r = s;
    const pivot = rows[r] as Row;
    rows[r] = null;
    for (const c of pivot.keys()) {
      rowsOf.get(c)?.delete(r);
      heap.push(rowsOf.get(c)?.size ?? 0, c);
    }
    for (const s of [...at]) {
      const before = rows[s] as Row;
      const after = eliminate(before, pivot, col);
      // Only the columns that left or entered the row change count, so only they go back in the heap.
      for (const c of before.keys())
        if (!after.has(c)) {
          rowsOf.get(c)?.delete(s);
          heap.push(rowsOf.get(c)?.size ?? 0, c);
        }
      for (const c of after.keys())
        if (!before.has(c)) {
          (rowsOf.get(c) ?? rowsOf.set(c, new Set()).get(c))?.add(s);
          heap.push(rowsOf.get(c)?.size ?? 0, c);
        }
      rows[s] = after.size > 0 ? after : null;
    }
    pivots.push({ col, row: pivot });
  }
  return pivots;
}

/** `row` with column `col` cancelled by a multiple of `by`, scaled to coprime integers. */
function eliminate(row: Row, by: Row, col: number): Row {
  const a = row.get(col) ?? 0n;
  const b = by.get(col) ?? 0n;
  const out: Row = new Map();
  for (const [c, v] of row) out.set(c, v * b);
  for (const [c, v] of by) out.set(c, (out.get(c) ?? 0n) - v * a);
  let divisor = 0n;
  for (const [c, v] of out) {
    if (v === 0n) out.delete(c);
    else divisor = gcd(divisor, v < 0n ? -v : v);
  }
  if (divisor > 1n) for (const [c, v] of out) out.set(c, v / divisor);
  return out;
}

/** Primes below 2^26, so that a product of two residues stays an exact double. */
const PRIMES = [67_108_859, 67_108_837, 67_108_819];

/** A null vector modulo the first prime that divides no pivot; pivots are solved last to first. */
function nullVector(pivots: readonly Pivot[], columns: readonly number[], random: () => number): Map<number, number> {
  for (const p of PRIMES) {
    const P = BigInt(p);
    const values = new Map<number, number>(columns.map((c) => [c, 1 + Math.floor(random() * (p - 1))]));
    let ok = true;
    for (let i = pivots.length - 1; i >= 0 && ok; i--) {
      const { col, row } = pivots[i] as Pivot;
      let sum = 0;
      for (const [c, v] of row) if (c !== col) sum = (sum + residue(v, P) * (values.get(c) ?? 0)) % p;
      const a = residue(row.get(col) ?? 0n, P);
      ok = a !== 0;
      if (ok) values.set(col, (((p - sum) % p) * inverse(a, p)) % p);
    }
    if (ok) return values;
  }
  throw new Error('suppression audit: every prime divides a pivot');
}

const residue = (v: bigint, P: bigint) => Number(((v % P) + P) % P);

function inverse(a: number, p: number): number {
  let [r0, r1, t0, t1] = [p, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  return ((t0 % p) + p) % p;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** mulberry32: small, seeded, the same sequence everywhere. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Binary heap of [count, column], smallest count first, then smallest column. */
class MinHeap {
  private readonly items: [number, number][] = [];
  push(count: number, col: number): void {
    const items = this.items;
    items.push([count, col]);
    for (let i = items.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!less(items[i] as [number, number], items[up] as [number, number])) break;
      [items[i], items[up]] = [items[up] as [number, number], items[i] as [number, number]];
      i = up;
    }
  }
  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let m = i;
      if (l < items.length && less(items[l] as [number, number], items[m] as [number, number])) m = l;
      if (r < items.length && less(items[r] as [number, number], items[m] as [number, number])) m = r;
      if (m === i) return top;
      [items[i], items[m]] = [items[m] as [number, number], items[i] as [number, number]];
      i = m;
    }
  }
}

const less = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
