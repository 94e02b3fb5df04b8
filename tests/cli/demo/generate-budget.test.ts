import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import {
  BUDGET_COLUMNS,
  generateMalawiBudget,
  withThousands,
  type DemoBudgetLine,
  type DemoBudgetRow,
} from '../../../src/cli/demo/budget/generate.js';
import { executionClass } from '../../../src/cli/demo/budget/stages.js';
import { BUDGET_SHEET, writeMalawiBudgetXlsx } from '../../../src/cli/demo/budget/xlsx.js';
import { countryCoa } from '../../../src/finance/coa/load.js';
import { mappingsDir } from '../../../src/paths.js';

const budget = generateMalawiBudget();
const coa = countryCoa('MW');
const map = JSON.parse(readFileSync(path.join(mappingsDir, 'ifmis', 'malawi-demo.json'), 'utf8')) as ColumnMap;
const years = ['2023/24', '2024/25', '2025/26'];

/** A segment's code as the column map builds it from a row (columns joined, `-` by default). */
function codeFromMap(row: DemoBudgetRow, segment: string): string {
  const spec = map.segments[segment];
  if (!spec) throw new Error(`the map has no segment ${segment}`);
  return spec.columns.map((column) => String(row[column as keyof DemoBudgetRow])).join(spec.join ?? '-');
}

const ratio = (lines: readonly DemoBudgetLine[], test: (line: DemoBudgetLine) => boolean): number => {
  const chosen = lines.filter((l) => l.fiscalYear === '2024/25' && test(l));
  const sum = (stage: 'revised' | 'paid'): number => chosen.reduce((total, l) => total + (l.amounts[stage] ?? 0), 0);
  return sum('paid') / sum('revised');
};

describe('the demo Malawi budget', () => {
  it('is the same for the same seed and different for another', () => {
    expect(generateMalawiBudget()).toEqual(budget);
    const other = generateMalawiBudget({ seed: 7 });
    expect(other).toEqual(generateMalawiBudget({ seed: 7 }));
    expect(other.rows).not.toEqual(budget.rows);
  });

  it('has 600 to 1,500 distinct lines in each of three fiscal years', () => {
    for (const year of years) {
      const lines = budget.lines.filter((l) => l.fiscalYear === year);
      expect(lines.length).toBeGreaterThanOrEqual(600);
      expect(lines.length).toBeLessThanOrEqual(1500);
      const keys = new Set(lines.map(({ amounts: _amounts, ...codes }) => Object.values(codes).join('|')));
      expect(keys.size).toBe(lines.length);
    }
    expect(new Set(budget.lines.map((l) => l.fiscalYear))).toEqual(new Set(years));
  });

  it('uses only codes of the Malawi chart of accounts, as the column map builds them', () => {
    const seen = new Map<string, Set<string>>();
    for (const row of budget.rows) {
      for (const segment of Object.keys(map.segments)) {
        const code = codeFromMap(row, segment);
        if (seen.get(segment)?.has(code)) continue;
        seen.set(segment, (seen.get(segment) ?? new Set()).add(code));
        if (segment === 'project' && code === '') continue;
        const canonical = coa.canonical(segment, code);
        expect(canonical, `${segment} ${code}`).not.toBeNull();
        const entry = coa.segment(segment)?.codes.get(canonical ?? '');
        if (segment === 'project') continue;
        // The most detailed level: a COFOG class, a GFS item with no children, a cost centre, a district…
        const levels = coa.segment(segment)?.config.levels.length ?? 0;
        const children = [...(coa.segment(segment)?.codes.values() ?? [])].filter((c) => c.parent === canonical);
        expect(entry?.level === levels || children.length === 0, `${segment} ${code} is a detailed code`).toBe(true);
      }
    }
    expect(Object.keys(map.segments).sort()).toEqual([...coa.segments.keys()].sort());
    expect(seen.get('functional')?.has('70912')).toBe(true);
  });

  it('keeps paid ≤ committed ≤ allotted ≤ revised (or approved) on every line', () => {
    for (const line of budget.lines) {
      const { approved, revised, allotted, committed, paid } = line.amounts;
      const ceiling = revised ?? approved;
      expect(ceiling).toBeGreaterThan(0);
      expect([paid, committed, allotted].every((a) => a !== undefined && a >= 0)).toBe(true);
      expect(paid ?? 0).toBeLessThanOrEqual(committed ?? 0);
      expect(committed ?? 0).toBeLessThanOrEqual(allotted ?? 0);
      expect(allotted ?? 0).toBeLessThanOrEqual(ceiling ?? 0);
    }
  });

  it('executes closed years fully and the current year only in part, capital and donor projects least', () => {
    const current = budget.lines.filter((l) => l.fiscalYear === '2025/26');
    expect(current.every((l) => l.amounts.revised === undefined)).toBe(true);
    const approved = current.reduce((t, l) => t + (l.amounts.approved ?? 0), 0);
    const paid = current.reduce((t, l) => t + (l.amounts.paid ?? 0), 0);
    expect(paid / approved).toBeGreaterThan(0.3);
    expect(paid / approved).toBeLessThan(0.6);
    expect(budget.lines.filter((l) => l.fiscalYear !== '2025/26').every((l) => Object.keys(l.amounts).length === 6)).toBe(true);
    const wages = ratio(budget.lines, (l) => executionClass(l.gfs, l.fund) === 'wages');
    const capital = ratio(budget.lines, (l) => executionClass(l.gfs, l.fund) === 'capital');
    const external = ratio(budget.lines, (l) => executionClass(l.gfs, l.fund) === 'external');
    expect(wages).toBeGreaterThan(0.9);
    expect(capital).toBeLessThan(0.7);
    expect(external).toBeLessThan(0.7);
  });

  it('finances some lines from external loans and grants, each with a project key', () => {
    const external = budget.lines.filter((l) => l.fund === '2' || l.fund === '3');
    expect(new Set(external.map((l) => l.fund))).toEqual(new Set(['2', '3']));
    expect(external.every((l) => l.project !== '')).toBe(true);
    expect(budget.lines.filter((l) => l.project !== '').every((l) => l.fund === '2' || l.fund === '3')).toBe(true);
    expect(new Set(external.map((l) => l.project))).toContain('P160004');
  });

  it('writes some amounts as text with thousands separators and the rest as numbers, both exact', () => {
    const text = budget.rows.filter((r) => typeof r.Amount === 'string');
    expect(text.length / budget.rows.length).toBeGreaterThan(0.2);
    expect(text.length / budget.rows.length).toBeLessThan(0.5);
    for (const row of text) expect(row.Amount).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(withThousands(123456789)).toBe('1,234,567.89');
    expect(withThousands(5)).toBe('0.05');
  });
});

describe('the demo budget workbook', () => {
  let dir = '';
  let sheet: ExcelJS.Worksheet | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-budget-'));
    const file = path.join(dir, 'budget.xlsx');
    const written = await writeMalawiBudgetXlsx(file);
    expect(written).toMatchObject({ lines: budget.lines.length, rows: budget.rows.length });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    sheet = workbook.getWorksheet(BUDGET_SHEET);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the header the column map names, on the sheet it names', () => {
    expect(map).toMatchObject({ country: 'MW', format: 'xlsx', sheet: BUDGET_SHEET, currency: { value: 'MWK' } });
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...BUDGET_COLUMNS]);
    const named = [map.fiscalYear, map.long?.amount, map.long?.stage, ...Object.values(map.segments).flatMap((s) => s.columns)];
    for (const column of named) expect(header).toContain(column);
  });

  it('reads back every row, with codes as text and stages the map knows', () => {
    expect(sheet?.rowCount).toBe(budget.rows.length + 1);
    const stages = new Set(Object.keys(map.long?.stages ?? {}));
    for (const index of [0, 1, 2, 999, budget.rows.length - 1]) {
      const expected = budget.rows[index];
      const values = (sheet?.getRow(index + 2).values as unknown[]).slice(1);
      const cells = Object.fromEntries(BUDGET_COLUMNS.map((c, i) => [c, values[i] ?? '']));
      expect(cells).toEqual(expected);
      expect(stages.has(String(cells.Stage))).toBe(true);
    }
    expect((sheet?.getRow(2).values as unknown[])[2]).toBe('010');
  });
});
