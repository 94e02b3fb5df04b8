import type { FieldNode } from 'graphql';
import { columnsAsked } from './column-loader.js';
import {
  ALL_BUDGET_COLUMNS,
  ALL_PARTICIPATING_ORG_COLUMNS,
  ALL_SECTOR_COLUMNS,
  ALL_TRANSACTION_COLUMNS,
  type BudgetColumn,
  type ParticipatingOrgColumn,
  type SectorColumn,
  type TransactionColumn,
} from './rows.js';

/**
 * Which columns of a list's rows its selection needs. A field reads the columns `special` names
 * for it, else its namesake column, else (a field not known here) every column: a new field
 * reads too much rather than too little until it is named here.
 */
function fieldColumns<C extends string>(all: readonly C[], special: Readonly<Record<string, readonly C[]>>) {
  const columns = new Set<string>(all);
  return (field: FieldNode): readonly C[] | null => {
    const name = field.name.value;
    if (name === '__typename') return [];
    return special[name] ?? (columns.has(name) ? [name as C] : null);
  };
}

const transactionColumnsOf = fieldColumns<TransactionColumn>(ALL_TRANSACTION_COLUMNS, {
  sectors: ['id'],
  activity: ['iatiIdentifier'],
});

/**
 * The transaction columns a list of transactions' selection needs: `transactions { value }`
 * reads no provider, receiver, aid types or description.
 */
export const transactionColumnsAsked = columnsAsked(transactionColumnsOf, ALL_TRANSACTION_COLUMNS);

/** The same for the nodes of a `transactions` connection (its cursor reads the date). */
export const transactionPageColumnsAsked = columnsAsked(transactionColumnsOf, ALL_TRANSACTION_COLUMNS, [['nodes'], ['edges', 'node']]);

/** Sectors: the code, vocabulary and level come from the keys; `name` falls back on the publisher's. */
export const sectorColumnsAsked = columnsAsked(
  fieldColumns<SectorColumn>(ALL_SECTOR_COLUMNS, { vocabulary: [], code: [], level: [], narrative: ['name'], name: ['name'] }),
  ALL_SECTOR_COLUMNS,
);

export const participatingOrgColumnsAsked = columnsAsked(
  fieldColumns<ParticipatingOrgColumn>(ALL_PARTICIPATING_ORG_COLUMNS, { key: ['orgKey'], organisation: ['orgKey'] }),
  ALL_PARTICIPATING_ORG_COLUMNS,
);

export const budgetColumnsAsked = columnsAsked(fieldColumns<BudgetColumn>(ALL_BUDGET_COLUMNS, {}), ALL_BUDGET_COLUMNS);
