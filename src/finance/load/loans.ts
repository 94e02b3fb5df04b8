import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { LoanRecord } from '../../../connectors/debt/types.js';
import type { EntityManager } from '../../db/orm.js';
import type { RunCounts } from '../../sync/import-runs.js';
import { financeDb, type FinanceDB } from '../db.js';

/**
 * Writes loans keyed by (source, loan number): a loan whose content hash is unchanged is left
 * alone; a changed one is rewritten and its flows replaced. Loans not in the file stay: a creditor
 * statement or a debt-system export may cover part of the portfolio.
 */
const COLUMNS = [
  'source',
  'loan_number',
  'creditor',
  'creditor_category',
  'instrument',
  'country',
  'borrower',
  'guarantor',
  'project_id',
  'project_name',
  'status_text',
  'status',
  'currency',
  'committed',
  'disbursed',
  'undisbursed',
  'cancelled',
  'repaid',
  'outstanding',
  'interest_rate',
  'interest_type',
  'signing_date',
  'approval_date',
  'effective_date',
  'closing_date',
  'first_repayment_date',
  'last_repayment_date',
  'as_of',
  'terms',
  'content_hash',
  'source_file',
  'source_row',
] as const satisfies readonly (keyof FinanceDB['fin_loan'])[];
const TYPES: Readonly<Partial<Record<(typeof COLUMNS)[number], string>>> = {
  committed: 'numeric',
  disbursed: 'numeric',
  undisbursed: 'numeric',
  cancelled: 'numeric',
  repaid: 'numeric',
  outstanding: 'numeric',
  interest_rate: 'numeric',
  signing_date: 'date',
  approval_date: 'date',
  effective_date: 'date',
  closing_date: 'date',
  first_repayment_date: 'date',
  last_repayment_date: 'date',
  as_of: 'date',
  terms: 'json',
  source_row: 'int',
};

function row(record: LoanRecord, hash: string): unknown[] {
  return [
    record.source,
    record.loanNumber,
    record.creditor,
    record.creditorCategory,
    record.instrument,
    record.country,
    record.borrower,
    record.guarantor,
    record.projectId,
    record.projectName,
    record.statusText,
    record.status,
    record.currency,
    record.committed,
    record.disbursed,
    record.undisbursed,
    record.cancelled,
    record.repaid,
    record.outstanding,
    record.interestRate,
    record.interestType,
    record.signingDate,
    record.approvalDate,
    record.effectiveDate,
    record.closingDate,
    record.firstRepaymentDate,
    record.lastRepaymentDate,
    record.asOf,
    record.terms,
    hash,
    record.file,
    record.row,
  ];
}

function contentHash(record: LoanRecord): string {
  const { file: _file, row: _row, ...content } = record;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const select = sql.raw(
  COLUMNS.map((c, i) => (TYPES[c] === 'json' ? `(r->${i})::json` : TYPES[c] ? `(r->>${i})::${TYPES[c]}` : `r->>${i}`)).join(', '),
);
const assign = sql.raw(
  COLUMNS.filter((c) => c !== 'source' && c !== 'loan_number')
    .map((c) => `${c} = excluded.${c}`)
    .join(', '),
);

export async function loadLoans(em: EntityManager, runId: number, records: readonly LoanRecord[], counts: RunCounts): Promise<void> {
  const db = financeDb(em);
  counts.seen += records.length;
  const hashes = records.map(contentHash);
  // A jsonb-array bulk upsert reporting `xmax` and updating every column: more than the builder can say.
  const { rows: written } = await sql<{ id: number; source: string; loan_number: string; inserted: boolean }>`
    insert into fin_loan (${sql.raw(COLUMNS.join(', '))}, import_run_id)
    select ${select}, ${runId} from jsonb_array_elements(${JSON.stringify(records.map((r, i) => row(r, hashes[i] ?? '')))}::jsonb) as r
    on conflict (source, loan_number) do update set ${assign}, import_run_id = excluded.import_run_id
      where fin_loan.content_hash <> excluded.content_hash
    returning id, source, loan_number, (xmax = 0) as inserted`.execute(db);
  const byKey = new Map(records.map((r) => [`${r.source}|${r.loanNumber}`, r]));
  const flows: unknown[][] = [];
  for (const loan of written) {
    const record = byKey.get(`${loan.source}|${loan.loan_number}`);
    record?.flows.forEach((f, i) =>
      flows.push([loan.id, i + 1, f.type, f.date, f.amount, f.currency, f.amountUsd, f.reference, f.scheduled]),
    );
  }
  const rewritten = written.filter((w) => !w.inserted).map((w) => w.id);
  if (rewritten.length)
    await db
      .deleteFrom('fin_loan_flow')
      .where('loan_id', '=', sql<number>`any(${rewritten}::int[])`)
      .execute();
  if (flows.length) {
    await db
      .insertInto('fin_loan_flow')
      .columns(['loan_id', 'seq', 'type', 'date', 'amount', 'currency', 'amount_usd', 'reference', 'scheduled'])
      .expression(
        sql`select (r->>0)::int, (r->>1)::int, r->>2, (r->>3)::date, (r->>4)::numeric, r->>5, (r->>6)::numeric, r->>7, (r->>8)::boolean
          from jsonb_array_elements(${JSON.stringify(flows)}::jsonb) as r`,
      )
      .execute();
  }
  counts.loaded += written.filter((w) => w.inserted).length;
  counts.updated += rewritten.length;
  counts.unchanged += records.length - written.length;
}
