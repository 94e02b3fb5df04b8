import { orgReference } from '../parts.js';
import type { BudgetRow, PlannedDisbursementRow } from '../rows.js';
import { codeOf } from '../types/code.type.js';

export function budget(row: BudgetRow) {
  return { ...row, type: codeOf('BudgetType', row.type), status: codeOf('BudgetStatus', row.status) };
}

export function plannedDisbursement(row: PlannedDisbursementRow) {
  return { ...row, type: codeOf('BudgetType', row.type), provider: orgReference(row.provider), receiver: orgReference(row.receiver) };
}
