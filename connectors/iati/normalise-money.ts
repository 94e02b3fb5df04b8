import { attr, child, children, text, type XNode } from './xml-node.js';
import { flag } from './problems.js';
import { aidTypes, codeOf, dateOf, firstText, money, org, sectors, type Context } from './normalise-parts.js';
import { V1_BUDGET_TYPE, V1_TRANSACTION_TYPE } from './v1-codes.js';
import type { Budget, PlannedDisbursement, Transaction } from './types.js';

function transactionType(node: XNode, field: string, ctx: Context): { type: string | null; original: string | null } {
  const typeNode = child(node, 'transaction-type');
  // 1.0 drafts put the type on the transaction itself: <transaction type="commitment">.
  let raw = attr(typeNode, 'code') ?? (ctx.v1 ? (attr(typeNode, 'ref') ?? attr(node, 'type')) : null);
  const asText = raw === null ? text(typeNode) : null;
  if (asText !== null && (/^\d+$/.test(asText) || V1_TRANSACTION_TYPE[asText.toLowerCase()] !== undefined)) {
    // Some publishers write the code as the element's text: <transaction-type>1</transaction-type>.
    ctx.problems.warn(
      'CODE_AS_TEXT',
      `${field}/transaction-type`,
      `transaction type "${asText}" given as text, not as @code; read as the code`,
    );
    raw = asText;
  }
  if (raw === null) {
    ctx.problems.warn('MISSING_FIELD', `${field}/transaction-type`, 'transaction has no type; kept with an empty type');
    return { type: null, original: null };
  }
  const mapped = V1_TRANSACTION_TYPE[raw.toLowerCase()];
  if (mapped === undefined) return { type: raw, original: null };
  ctx.problems.warn('V1_CODE_TRANSLATED', `${field}/transaction-type/@code`, `1.0x transaction type "${raw}" read as 2.0x type ${mapped}`);
  return { type: mapped, original: raw };
}

function transactionDate(node: XNode, field: string, ctx: Context, valueDate: string | null): string | null {
  const dateNode = child(node, 'transaction-date');
  if (!dateNode && ctx.v1 && valueDate) {
    ctx.problems.warn('DATE_FROM_VALUE_DATE', `${field}/transaction-date`, 'no transaction-date; the value-date is used');
    return valueDate;
  }
  return dateOf(dateNode, `${field}/transaction-date`, ctx, true);
}

export function transactions(activity: XNode, ctx: Context): Transaction[] {
  const result: Transaction[] = [];
  children(activity, 'transaction').forEach((node, index) => {
    const field = `transaction[${index + 1}]`;
    const { type, original } = transactionType(node, field, ctx);
    const amount = money(node, field, ctx);
    const date = transactionDate(node, field, ctx, amount?.valueDate ?? null);
    const tx: Transaction = {
      ref: attr(node, 'ref'),
      type,
      typeOriginal: original,
      date: date ?? '',
      value: amount?.value ?? '0',
      currency: amount?.currency ?? '',
      valueDate: amount?.valueDate ?? null,
      description: firstText(child(node, 'description'), ctx),
      provider: org(child(node, 'provider-org'), `${field}/provider-org`, ctx, 'provider-activity-id'),
      receiver: org(child(node, 'receiver-org'), `${field}/receiver-org`, ctx, 'receiver-activity-id'),
      disbursementChannel: codeOf(child(node, 'disbursement-channel'), `${field}/disbursement-channel`, ctx),
      aidTypes: aidTypes(node, 'aid-type', `${field}/`, ctx),
      financeType: codeOf(child(node, 'finance-type'), `${field}/finance-type`, ctx),
      flowType: codeOf(child(node, 'flow-type'), `${field}/flow-type`, ctx),
      tiedStatus: codeOf(child(node, 'tied-status'), `${field}/tied-status`, ctx),
      humanitarian: flag(attr(node, 'humanitarian')),
      recipientCountry: codeOf(child(node, 'recipient-country'), `${field}/recipient-country`, ctx),
      recipientRegion: codeOf(child(node, 'recipient-region'), `${field}/recipient-region`, ctx),
      sectors: sectors(node, `${field}/`, ctx),
    };
    result.push(tx);
  });
  return result;
}

export function budgets(activity: XNode, ctx: Context): Budget[] {
  const result: Budget[] = [];
  children(activity, 'budget').forEach((node, index) => {
    const field = `budget[${index + 1}]`;
    const amount = money(node, field, ctx);
    const start = dateOf(child(node, 'period-start'), `${field}/period-start`, ctx, true);
    const end = dateOf(child(node, 'period-end'), `${field}/period-end`, ctx, true);
    if (!amount || !start || !end) return;
    result.push({
      type: codeOf(node, field, ctx, V1_BUDGET_TYPE, 'type'),
      status: attr(node, 'status'),
      periodStart: start,
      periodEnd: end,
      ...amount,
    });
  });
  return result;
}

export function plannedDisbursements(activity: XNode, ctx: Context): PlannedDisbursement[] {
  const result: PlannedDisbursement[] = [];
  children(activity, 'planned-disbursement').forEach((node, index) => {
    const field = `planned-disbursement[${index + 1}]`;
    const amount = money(node, field, ctx);
    const start = dateOf(child(node, 'period-start'), `${field}/period-start`, ctx, true);
    const end = dateOf(child(node, 'period-end'), `${field}/period-end`, ctx, false);
    if (!amount || !start) return;
    result.push({
      type: codeOf(node, field, ctx, V1_BUDGET_TYPE, 'type'),
      periodStart: start,
      periodEnd: end,
      ...amount,
      provider: org(child(node, 'provider-org'), `${field}/provider-org`, ctx, 'provider-activity-id'),
      receiver: org(child(node, 'receiver-org'), `${field}/receiver-org`, ctx, 'receiver-activity-id'),
    });
  });
  return result;
}
