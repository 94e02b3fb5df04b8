import { Decimal } from 'decimal.js';
import type { DmfasTables } from './dmfas-export.js';
import { readFlows, readTranches } from './dmfas-flows.js';
import { readDmfasLoans, type LoanDraft } from './dmfas-loans.js';
import type { ProblemList } from './problems.js';
import type { LoanFlowRecord, LoanRecord } from './types.js';

/**
 * The four tables of a DMFAS-style export → one `LoanRecord` per loan instrument, with its
 * disbursements and debt service as flows (date order). Pure; every problem goes to `problems`
 * and the caller yields nothing when there is one.
 *
 * The balances are the export's own transactions added up, in the loan's currency: disbursed =
 * actual disbursements, repaid = actual principal, outstanding = disbursed − repaid, undisbursed
 * = committed − cancelled − disbursed. A loan with a tranche in another currency has no such
 * single-currency sums: they stay null and its flows carry the detail.
 */
const Exact = Decimal.clone({ precision: 60 });

export function parseDmfas(tables: DmfasTables, problems: ProblemList): LoanRecord[] {
  const loans = readDmfasLoans(tables.loans, problems);
  const tranches = readTranches(tables.tranches, loans, problems);
  readFlows(tables, loans, tranches, problems);
  return [...(loans?.values() ?? [])].map(complete);
}

function complete(draft: LoanDraft): LoanRecord {
  const flows = [...draft.flows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const firstPrincipal = flows.find((f) => f.type === 'principal');
  const base = { ...draft, flows, firstRepaymentDate: firstPrincipal?.date ?? null };
  if (flows.some((f) => f.currency !== draft.currency)) return base;
  const disbursed = total(flows, 'disbursement');
  const repaid = total(flows, 'principal');
  const committed = draft.committed === null ? null : new Exact(draft.committed);
  const cancelled = new Exact(draft.cancelled ?? 0);
  return {
    ...base,
    disbursed: disbursed.toFixed(),
    repaid: repaid.toFixed(),
    outstanding: disbursed.minus(repaid).toFixed(),
    undisbursed: committed === null ? null : committed.minus(cancelled).minus(disbursed).toFixed(),
  };
}

function total(flows: readonly LoanFlowRecord[], type: LoanFlowRecord['type']): Decimal {
  return flows.filter((f) => f.type === type && !f.scheduled).reduce((sum, f) => sum.plus(f.amount), new Exact(0));
}
