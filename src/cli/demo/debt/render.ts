import { writeCsv } from '../../../../connectors/formats/csv.js';
import { DEBT_SERVICE, DISBURSEMENTS, DMFAS_TABLES, LOANS, TRANCHES, type DmfasTable } from '../../../../connectors/debt/dmfas-layout.js';
import type { DemoLoan } from './plan.js';

/**
 * Writes the demo loans as the four tables of the DMFAS-style layout (mappings/debt/dmfas-layout.md),
 * columns in the layout's order, empty cells for facts a loan does not have.
 */
export interface DemoDebtFile {
  readonly table: DmfasTable;
  readonly fileName: string;
  readonly csv: string;
}

type Cell = string | number | null;

function table(columns: readonly string[], rows: readonly Readonly<Record<string, Cell>>[]): string {
  return writeCsv([columns, ...rows.map((row) => columns.map((c) => row[c] ?? ''))]);
}

export function renderDemoDebt(loans: readonly DemoLoan[]): DemoDebtFile[] {
  const loanRows = loans.map((l) => ({
    instrument_id: l.instrumentId,
    agreement_number: l.agreementNumber,
    creditor: l.creditor,
    creditor_category: l.creditorCategory,
    debtor: l.debtor,
    debtor_country: l.country,
    instrument_type: l.instrument,
    project_id: l.projectId,
    project_name: l.projectName,
    signature_date: l.signatureDate,
    effective_date: l.effectiveDate,
    closing_date: l.closingDate,
    currency: l.currency,
    committed_amount: l.committed,
    cancelled_amount: l.cancelled,
    interest_type: l.interestType,
    interest_rate: l.interestRate,
    reference_rate: l.referenceRate,
    margin: l.margin,
    grace_period_months: l.gracePeriodMonths,
    maturity_date: l.maturityDate,
    amortisation: l.amortisation,
    repayments_per_year: l.repaymentsPerYear,
    status: l.status,
    position_date: l.positionDate,
  }));
  const trancheRows = loans.flatMap((l) =>
    l.tranches.map((t) => ({
      tranche_id: t.id,
      instrument_id: l.instrumentId,
      currency: t.currency,
      amount: t.amount,
      purpose: t.purpose,
    })),
  );
  const flowRows = (pick: (type: string) => boolean, basis: (scheduled: boolean) => string) =>
    loans.flatMap((l) =>
      l.flows
        .filter((f) => pick(f.type))
        .map((f) => ({
          instrument_id: l.instrumentId,
          tranche_id: f.trancheId,
          value_date: f.date,
          type: f.type,
          currency: f.currency,
          amount: f.amount,
          amount_usd: f.amountUsd,
          basis: basis(f.scheduled),
        })),
    );
  const csv: Record<DmfasTable, string> = {
    loans: table(LOANS.columns, loanRows),
    tranches: table(TRANCHES.columns, trancheRows),
    disbursements: table(
      DISBURSEMENTS.columns,
      flowRows(
        (t) => t === 'disbursement',
        (s) => (s ? 'projected' : 'actual'),
      ),
    ),
    debtService: table(
      DEBT_SERVICE.columns,
      flowRows(
        (t) => t !== 'disbursement',
        (s) => (s ? 'scheduled' : 'actual'),
      ),
    ),
  };
  return (Object.keys(DMFAS_TABLES) as DmfasTable[]).map((t) => ({ table: t, fileName: DMFAS_TABLES[t], csv: csv[t] }));
}
