import type { FieldNode } from 'graphql';
import { columnsAsked } from './column-loader.js';
import { ALL_TRANSACTION_COLUMNS, type TransactionColumn } from './rows.js';

/** `Transaction` fields that read a column of another name, or several; the others read their namesake. */
const FIELD_COLUMNS: Readonly<Record<string, readonly TransactionColumn[]>> = {
  __typename: [],
  sectors: ['id'],
  activity: ['iatiIdentifier'],
};
const COLUMNS = new Set<string>(ALL_TRANSACTION_COLUMNS);

function columnsOf(field: FieldNode): readonly TransactionColumn[] | null {
  const name = field.name.value;
  return FIELD_COLUMNS[name] ?? (COLUMNS.has(name) ? [name as TransactionColumn] : null);
}

/**
 * The transaction columns a list of transactions' selection needs: `transactions { value }`
 * reads no provider, receiver, aid types or description. A field not known here reads every column.
 */
export const transactionColumnsAsked = columnsAsked(columnsOf, ALL_TRANSACTION_COLUMNS);

/** The same for the nodes of a `transactions` connection (its cursor reads the date). */
export const transactionPageColumnsAsked = columnsAsked(columnsOf, ALL_TRANSACTION_COLUMNS, [['nodes'], ['edges', 'node']]);
