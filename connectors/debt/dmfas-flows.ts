import type { CsvTable } from '../formats/csv-table.js';
import { tableRows, usable, type Cells } from './dmfas-cells.js';
import { DEBT_SERVICE, DEBT_SERVICE_BASES, DEBT_SERVICE_TYPES, DISBURSEMENTS, DISBURSEMENT_BASES, TRANCHES } from './dmfas-layout.js';
import type { LoanDraft } from './dmfas-loans.js';
import type { ProblemList } from './problems.js';
import type { FlowType } from './types.js';

/**
 * `tranches.csv`, `disbursements.csv` and `debt_service.csv` → flows on the loans of
 * `loans.csv`, with the links checked: a tranche of an unknown instrument, a transaction on an
 * unknown tranche or instrument, a tranche given with another instrument than its own, a
 * transaction in another currency than its tranche (or loan) — each with file, row and column.
 */
export interface Tranche {
  readonly instrumentId: string;
  readonly currency: string;
  readonly line: number;
}

/**
 * The tranches by id; null when `tranches.csv` is missing or its header unusable (already
 * reported), so that links to it are not checked: one missing table is one problem, not one per
 * disbursement. `loans` is null in the same way.
 */
export function readTranches(table: CsvTable | null, loans: Links<LoanDraft>, problems: ProblemList): Links<Tranche> {
  if (!usable(table, TRANCHES)) {
    for (const _ of tableRows(table, TRANCHES, problems));
    return null;
  }
  const tranches = new Map<string, Tranche>();
  for (const c of tableRows(table, TRANCHES, problems)) {
    const id = c.text('tranche_id');
    const instrumentId = c.text('instrument_id');
    const currency = c.currency('currency');
    c.amount('amount');
    if (instrumentId !== null && loans && !loans.has(instrumentId)) {
      c.fail('instrument_id', `tranche ${id ?? ''} belongs to instrument ${instrumentId}, which is not in loans.csv`);
    }
    if (id === null) continue;
    const first = tranches.get(id);
    if (first) c.fail('tranche_id', `tranche ${id} is already on row ${first.line}; a tranche id is unique in the export`);
    else if (instrumentId !== null) tranches.set(id, { instrumentId, currency: currency ?? '', line: c.line });
  }
  return tranches;
}

/** Keys of a table, or null when the table could not be read (links to it are then not checked). */
export type Links<T> = ReadonlyMap<string, T> | null;

export function readFlows(
  tables: { readonly disbursements: CsvTable | null; readonly debtService: CsvTable | null },
  loans: Links<LoanDraft>,
  tranches: Links<Tranche>,
  problems: ProblemList,
): void {
  for (const c of tableRows(tables.disbursements, DISBURSEMENTS, problems)) {
    const basis = c.word('basis', DISBURSEMENT_BASES, 'disbursement basis');
    addFlow(c, 'disbursement', basis === 'projected', loans, tranches);
  }
  for (const c of tableRows(tables.debtService, DEBT_SERVICE, problems)) {
    const type = c.word('type', DEBT_SERVICE_TYPES, 'debt-service type');
    const basis = c.word('basis', DEBT_SERVICE_BASES, 'debt-service basis');
    addFlow(c, type, basis === 'scheduled', loans, tranches);
  }
}

function addFlow(c: Cells, type: FlowType | null, scheduled: boolean, loans: Links<LoanDraft>, tranches: Links<Tranche>): void {
  const trancheId = c.text('tranche_id');
  let instrumentId = c.text('instrument_id');
  const tranche = trancheId === null ? undefined : tranches?.get(trancheId);
  if (trancheId !== null && tranches && !tranche) {
    c.fail('tranche_id', `tranche ${trancheId} is not in tranches.csv`);
  } else if (tranche && instrumentId !== null && tranche.instrumentId !== instrumentId) {
    c.fail('instrument_id', `tranche ${trancheId ?? ''} belongs to instrument ${tranche.instrumentId}, not ${instrumentId}`);
  }
  instrumentId ??= tranche?.instrumentId ?? null;
  const loan = instrumentId === null ? undefined : loans?.get(instrumentId);
  if (instrumentId === null && trancheId === null)
    c.fail('instrument_id', 'empty, and so is tranche_id: a transaction names its instrument or its tranche');
  else if (instrumentId !== null && loans && !loan) c.fail('instrument_id', `instrument ${instrumentId} is not in loans.csv`);
  const currency = c.currency('currency');
  const expected = tranche ? tranche.currency : loan?.currency;
  if (currency !== null && expected && currency !== expected) {
    const owner = tranche ? `tranche ${trancheId ?? ''}` : `instrument ${instrumentId ?? ''}`;
    c.fail('currency', `${currency}, but ${owner} is in ${expected}: a transaction is in its tranche's (or loan's) currency`);
  }
  const date = c.date('value_date');
  const amount = c.amount('amount');
  const amountUsd = c.amount('amount_usd');
  if (!loan || type === null || date === null || amount === null || currency === null) return;
  loan.flows.push({ type, date, amount, currency, amountUsd, reference: trancheId, scheduled });
}
