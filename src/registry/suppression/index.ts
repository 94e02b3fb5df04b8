export { suppress } from './suppress.js';
export type {
  PublishedCell,
  PublishedTotal,
  SuppressionReason,
  SuppressionResult,
  SuppressionStep,
  SuppressOptions,
  TableCell,
} from './types.js';
