import type { Payment, PaymentStatus, RegistryProgramme } from '../types.js';
import type { PayrollBenefitNode } from './nodes.js';
import { amount, enumeration, isoDate, jsonExt, reporter, required, text, type NormaliseContext } from './normalise.js';

/**
 * A benefit (openIMIS BenefitConsumption) with its payroll → the hub's Payment. The payroll gives
 * the programme (benefit plan), the cycle (payment cycle's start month), the payment point and the
 * method (the hub's provider); the benefit is paid to an individual, who for a household
 * programme is the group's PRIMARY recipient. Pure: what the pull and the hub already know about
 * programmes and recipients comes in `lookup`.
 */
export interface PaymentLookup {
  programme(code: string): Pick<RegistryProgramme, 'targeting' | 'currency'> | undefined;
  /** The household whose primary recipient `individual` is, if any. */
  recipientOf(individual: string): string | undefined;
  individualKnown(individual: string): boolean;
}

/** BenefitConsumption statuses; APPROVE_FOR_PAYMENT with a receipt has been paid, not yet reconciled. */
const STATUSES: Readonly<Record<string, (receipt: string | null) => PaymentStatus>> = {
  CREATED: () => 'pending',
  ACCEPTED: () => 'pending',
  APPROVE_FOR_PAYMENT: (receipt) => (receipt ? 'paid' : 'pending'),
  RECONCILED: () => 'reconciled',
  REJECTED: () => 'failed',
  DUPLICATE: () => 'failed',
  PENDING_DELETION: () => 'failed',
};

export function normalisePayment(link: PayrollBenefitNode, context: NormaliseContext, lookup: PaymentLookup): Payment | null {
  const benefit = link.benefit;
  if (!benefit) {
    reporter(context, 'PayrollBenefitConsumption', link.id)('benefit', 'MISSING_VALUE', 'is missing');
    return null;
  }
  const report = reporter(context, 'BenefitConsumption', benefit.uuid);
  const before = context.problems.count;
  const payroll = link.payroll;
  const payrollReport = payroll ? reporter(context, 'Payroll', payroll.uuid) : report;
  if (!payroll) report('payroll', 'MISSING_VALUE', 'belongs to no payroll');
  const programmeCode = payroll ? required(payroll.benefitPlan?.code, 'benefitPlan', payrollReport) : null;
  const cycle = payroll ? cycleOf(payroll.paymentCycle?.startDate, payrollReport) : null;
  const ext = jsonExt(benefit.jsonExt, report);
  const key = required(benefit.code, 'code', report);
  const value = amount(benefit.amount, 'amount', report, true);
  const dueDate = isoDate(benefit.dateDue, 'dateDue', report, { today: context.today, required: true, mayBeFuture: true });
  const paidDate = isoDate(ext.payment_date, 'jsonExt.payment_date', report, { today: context.today, required: false });
  const receipt = text(benefit.receipt);
  const status = enumeration(benefit.status, 'status', report, STATUSES)?.(receipt) ?? null;
  const recipient = required(benefit.individual?.uuid, 'individual', report);
  const programme = programmeCode ? lookup.programme(programmeCode) : undefined;
  if (programmeCode && !programme)
    payrollReport('benefitPlan', 'UNKNOWN_PROGRAMME', `no benefit plan ${programmeCode} in this pull or the hub`);
  let beneficiaryKey: string | null = null;
  if (programme && recipient) {
    beneficiaryKey =
      programme.targeting === 'household' ? (lookup.recipientOf(recipient) ?? null) : lookup.individualKnown(recipient) ? recipient : null;
    if (beneficiaryKey === null) {
      const whom = programme.targeting === 'household' ? `the primary recipient of no group` : `no individual`;
      report(
        'individual',
        'UNKNOWN_BENEFICIARY',
        `${recipient} is ${whom} in this pull or the hub (${programmeCode} enrols ${programme.targeting}s)`,
      );
    }
  }
  if (context.problems.count > before || !programme || !programmeCode || !cycle || !key || !value || !dueDate || !status || !beneficiaryKey)
    return null;
  return {
    key,
    programmeCode,
    cycle,
    beneficiaryKey,
    amount: value,
    currency: programme.currency,
    dueDate,
    paidDate,
    status,
    paymentPoint: text(payroll?.paymentPoint?.name),
    provider: text(payroll?.paymentMethod),
    receipt,
  };
}

function cycleOf(startDate: unknown, report: ReturnType<typeof reporter>): string | null {
  const found = required(startDate, 'paymentCycle.startDate', report);
  if (found === null) return null;
  const match = /^(\d{4})-(0[1-9]|1[0-2])-\d{2}/.exec(found);
  if (!match) report('paymentCycle.startDate', 'BAD_CYCLE', `"${found}" does not start a payment cycle (a date)`);
  return match ? `${match[1]}-${match[2]}` : null;
}
