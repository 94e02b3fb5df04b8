/** What an importer calls to write aid's tables: rows serialised by aid, written by aid. */
export { reportRows, type ReportRows } from './rows.js';
export { IMPORT_TABLES } from './tables.js';
export { writeReports, type BatchCounts } from './write.js';
export { chooseAuthority, resolveAuthority, type AuthorityChoice, type AuthorityOutcome } from './authority.js';
