import type { Coa } from '../../src/finance/coa/load.js';
import type { ColumnMap, ColumnRef } from './column-map.js';
import type { ProblemList } from '../formats/problems.js';
import type { SheetRow } from './rows.js';
import type { BudgetStage } from './types.js';

/**
 * A column map bound to one file's header: every column the map names, found by position. All
 * missing columns are reported at once, with the header that was found.
 */
export interface Column {
  readonly name: string;
  readonly index: number;
}

export type Cell = Column | { readonly value: string };

export interface SegmentPlan {
  readonly id: string;
  readonly columns: readonly Column[];
  readonly join: string;
  readonly trimZeros: boolean;
  readonly none: ReadonlySet<string>;
  readonly open: boolean;
}

export interface Plan {
  readonly headerLine: number;
  readonly width: number;
  readonly fiscalYear: Cell;
  readonly currency: Cell;
  readonly segments: readonly SegmentPlan[];
  readonly wide: readonly { readonly stage: BudgetStage; readonly column: Column }[];
  readonly long: { readonly amount: Column; readonly stage: Column; readonly stages: ReadonlyMap<string, BudgetStage> } | null;
  readonly subtotal: { readonly column: Column; readonly values: ReadonlySet<string>; readonly pattern: RegExp | null } | null;
}

/** Header text as compared: NFC (zip tools write NFD), no BOM, no surrounding spaces. */
export function headerName(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .normalize('NFC')
    .trim();
}

export function bindHeader(map: ColumnMap, coa: Coa, header: SheetRow, problems: ProblemList): Plan | null {
  const names = header.cells.map(headerName);
  const positions = new Map<string, number[]>();
  names.forEach((name, index) => positions.set(name, [...(positions.get(name) ?? []), index]));
  const missing = new Set<string>();
  const column = (name: string, role: string): Column => {
    const found = positions.get(headerName(name)) ?? [];
    if (found.length !== 1 && !missing.has(name)) {
      missing.add(name);
      const listed = names.map((n) => `"${n}"`).join(', ');
      const why = found.length === 0 ? 'is not in' : `appears ${found.length} times in`;
      problems.add(
        'MISSING_COLUMN',
        header.line,
        name,
        `column "${name}" (${role}) ${why} the header row ${header.line}; found: ${listed}`,
      );
    }
    return { name, index: found[0] ?? -1 };
  };
  const cell = (ref: ColumnRef, role: string): Cell => (typeof ref === 'string' ? column(ref, role) : { value: ref.value });
  const segments = Object.entries(map.segments).map(([id, segment]): SegmentPlan => ({
    id,
    columns: segment.columns.map((name) => column(name, `segment ${id}`)),
    join: segment.join ?? '-',
    trimZeros: segment.trimZeros ?? false,
    none: new Set(segment.none ?? []),
    open: coa.segment(id)?.config.open ?? false,
  }));
  const wide = Object.entries(map.amounts ?? {}).flatMap(([stage, name]) =>
    name === undefined ? [] : [{ stage: stage as BudgetStage, column: column(name, `${stage} amount`) }],
  );
  const long = map.long
    ? {
        amount: column(map.long.amount, 'amount'),
        stage: column(map.long.stage, 'stage'),
        stages: new Map(Object.entries(map.long.stages).map(([value, stage]) => [value.trim(), stage])),
      }
    : null;
  const subtotal = map.subtotals
    ? {
        column: column(map.subtotals.column, 'subtotal marker'),
        values: new Set((map.subtotals.values ?? []).map((v) => v.trim())),
        pattern: map.subtotals.pattern ? new RegExp(map.subtotals.pattern, 'iu') : null,
      }
    : null;
  const fiscalYear = cell(map.fiscalYear, 'fiscal year');
  const currency = cell(map.currency, 'currency');
  if (missing.size > 0) return null;
  return { headerLine: header.line, width: names.length, fiscalYear, currency, segments, wide, long, subtotal };
}
