import type { CreditorCategory, Instrument, LoanStatus } from '../../../../connectors/debt/types.js';
import { AS_OF_MONTH, isoDay, lastOf } from '../calendar.js';
import { formatCents, splitCents, type Random } from '../random.js';
import { ENTRIES, type PlannedEntry } from './catalogue.js';
import { CREDITORS, type Creditor } from './creditors.js';
import { debtService, disbursementDates, flow, type DemoFlow, type Span } from './schedule.js';

/**
 * The demo debt portfolio as plain data, before it is written as the four DMFAS tables: one
 * `DemoLoan` per catalogue entry, with its tranches and every transaction. Pure: the same
 * random sequence gives the same loans.
 */
export const POSITION_DATE = lastOf(AS_OF_MONTH);

export interface DemoTranche {
  readonly id: string;
  readonly currency: string;
  readonly amount: string;
  readonly purpose: string;
}

export interface DemoLoan {
  readonly instrumentId: string;
  readonly agreementNumber: string;
  readonly creditor: string;
  readonly creditorCategory: CreditorCategory;
  readonly debtor: string;
  readonly country: string;
  readonly instrument: Instrument;
  readonly projectId: string | null;
  readonly projectName: string;
  readonly signatureDate: string;
  readonly effectiveDate: string;
  readonly closingDate: string;
  readonly currency: string;
  readonly committed: string;
  readonly cancelled: string | null;
  readonly interestType: 'fixed' | 'variable' | null;
  readonly interestRate: string | null;
  readonly referenceRate: string | null;
  readonly margin: string | null;
  readonly gracePeriodMonths: number | null;
  readonly maturityDate: string | null;
  readonly amortisation: 'equal-principal' | null;
  readonly repaymentsPerYear: number | null;
  readonly status: LoanStatus;
  readonly positionDate: string;
  readonly tranches: readonly DemoTranche[];
  /** Disbursements (on tranches, or on the instrument for a grant) and debt service (on the instrument). */
  readonly flows: readonly DemoFlow[];
}

const DEBTOR = 'Government of the Republic of Malawi';
const PURPOSES = ['Civil works', 'Goods and equipment', 'Consulting services and training'];

export function planDemoLoans(random: Random): DemoLoan[] {
  return ENTRIES.map((entry, i) => planLoan(random, entry, `MW-L-${String(i + 1).padStart(4, '0')}`));
}

function planLoan(random: Random, entry: PlannedEntry, instrumentId: string): DemoLoan {
  const creditor = CREDITORS[entry.creditor] as Creditor;
  const span: Span = { currency: creditor.currency, positionDate: POSITION_DATE };
  const instrument = entry.instrument ?? 'loan';
  const grant = instrument === 'grant';
  const terms = creditor.terms(entry.year);
  // Whole thousands, within ±15% of the catalogue's size.
  const committedCents = Math.round(entry.millions * 1000 * (0.85 + random.next() * 0.3)) * 100_000;
  const signed = entry.fate === 'pending' ? AS_OF_MONTH - random.int(1, 3) : entry.year * 12 + random.int(0, 11);
  const effective = entry.fate === 'pending' ? AS_OF_MONTH + random.int(2, 4) : signed + random.int(2, 8);
  const years = Math.min(random.int(...creditor.disbursementYears), Math.max(1, terms.graceYears - 1));
  const closing = entry.creditor === 'tdb' ? effective + 1 : effective + years * 12;
  const partlyCancelled = closing < AS_OF_MONTH && random.chance(0.3);
  const cancelledCents =
    entry.fate === 'cancelled' ? committedCents : partlyCancelled ? roundThousands((committedCents * random.int(2, 12)) / 100) : 0;

  const tranches = grant ? [] : planTranches(random, instrumentId, creditor, committedCents);
  const flows: DemoFlow[] = [];
  const draws: { date: string; cents: number }[] = [];
  if (entry.fate !== 'cancelled') {
    const owners = grant ? [{ id: null, cents: committedCents }] : tranches.map((t) => ({ id: t.id, cents: t.cents }));
    owners.forEach((owner, j) => {
      const cents = owner.cents - (j === owners.length - 1 ? cancelledCents : 0);
      const from = entry.creditor === 'tdb' ? effective + 1 : effective + 2 + j * Math.floor((closing - effective) / 3);
      for (const d of disbursementDates(random, cents, from, closing)) {
        draws.push(d);
        flows.push(flow(random, span, 'disbursement', owner.id, d.date, d.cents));
      }
    });
  }
  if (terms.frontEndFee && draws.length > 0) {
    const first = draws.reduce((min, d) => (d.date < min ? d.date : min), '9999-12-31');
    flows.push(flow(random, span, 'fee', null, first, Math.round((committedCents * Number(terms.frontEndFee)) / 100)));
  }
  const rate = terms.interest.type === 'fixed' ? terms.interest.rate : terms.interest.allIn;
  const firstMonth = effective + terms.graceYears * 12;
  const lastMonth = effective + terms.maturityYears * 12;
  if (!grant && draws.length > 0) flows.push(...debtService(random, span, draws, { firstMonth, lastMonth, rate }, entry.fate === 'late'));

  const variable = terms.interest.type === 'variable' ? terms.interest : null;
  return {
    instrumentId,
    agreementNumber: creditor.agreementNumber(random, entry.year),
    creditor: creditor.name,
    creditorCategory: creditor.category,
    debtor: DEBTOR,
    country: 'MW',
    instrument,
    projectId: entry.projectId ?? (entry.creditor === 'adf' ? `P-MW-${random.pick(['AA0', 'DB0', 'E00'])}-0${random.int(10, 99)}` : null),
    projectName: entry.project,
    signatureDate: isoDay({ month: signed, day: random.int(1, 28) }),
    effectiveDate: isoDay({ month: effective, day: random.int(1, 28) }),
    closingDate: entry.fate === 'cancelled' ? isoDay({ month: effective + 18, day: 28 }) : lastOf(closing),
    currency: creditor.currency,
    committed: formatCents(committedCents),
    cancelled: cancelledCents > 0 ? formatCents(cancelledCents) : null,
    interestType: grant ? null : terms.interest.type,
    interestRate: grant ? null : rate,
    referenceRate: variable ? variable.reference(entry.year) : null,
    margin: variable ? variable.margin : null,
    gracePeriodMonths: grant ? null : terms.graceYears * 12,
    maturityDate: grant ? null : isoDay({ month: lastMonth, day: 15 }),
    amortisation: grant ? null : 'equal-principal',
    repaymentsPerYear: grant ? null : 2,
    status: statusOf(entry, effective, flows),
    positionDate: POSITION_DATE,
    tranches: tranches.map(({ id, currency, cents, purpose }) => ({ id, currency, amount: formatCents(cents), purpose })),
    flows,
  };
}

function planTranches(random: Random, instrumentId: string, creditor: Creditor, committedCents: number) {
  const count = ['ida', 'adf', 'chinaExim'].includes(creditor.key) && random.chance(0.5) ? 2 : 1;
  const shares = count === 1 ? [committedCents] : splitCents(random, committedCents / 100_000, 2, 0.4).map((k) => k * 100_000);
  return shares.map((cents, j) => ({
    id: `${instrumentId}-T${j + 1}`,
    currency: creditor.currency,
    cents,
    purpose: PURPOSES[j] ?? 'Other',
  }));
}

function roundThousands(cents: number): number {
  return Math.max(100_000, Math.round(cents / 100_000) * 100_000);
}

function statusOf(entry: PlannedEntry, effective: number, flows: readonly DemoFlow[]): LoanStatus {
  if (entry.fate === 'cancelled') return 'cancelled';
  if (effective > AS_OF_MONTH) return 'signed';
  const actual = flows.filter((f) => !f.scheduled);
  if (!actual.some((f) => f.type === 'disbursement')) return 'effective';
  if (flows.some((f) => f.type === 'disbursement' && f.scheduled)) return 'disbursing';
  if (!actual.some((f) => f.type === 'principal')) return 'fully-disbursed';
  return flows.some((f) => f.type === 'principal' && f.scheduled) ? 'repaying' : 'fully-repaid';
}
