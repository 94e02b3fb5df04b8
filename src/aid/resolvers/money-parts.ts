import type { AidContext } from '../context.js';
import { orgReference } from '../parts.js';
import type { BudgetRow, PlannedDisbursementRow } from '../rows.js';
import { codeOf } from '../types/code.type.js';

export function budget(row: BudgetRow) {
  return { ...row, type: codeOf('BudgetType', row.type), status: codeOf('BudgetStatus', row.status) };
}

export function plannedDisbursement(row: PlannedDisbursementRow) {
  return { ...row, type: codeOf('BudgetType', row.type), provider: orgReference(row.provider), receiver: orgReference(row.receiver) };
}

/** A budget another subgraph refers to by id (finance asks for its dates and value). */
export async function resolveBudgetReference(reference: { id: string | number }, ctx: AidContext) {
  const row = await ctx.loaders.budgetById.load(Number(reference.id));
  return row && budget(row);
}

export async function resolvePlannedDisbursementReference(reference: { id: string | number }, ctx: AidContext) {
  const row = await ctx.loaders.plannedById.load(Number(reference.id));
  return row && plannedDisbursement(row);
}
