import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

const money = () => p.decimal('string').columnType('numeric').nullable();

/** A loan (or credit, grant, guarantee) as a creditor statement or the debt system reports it. */
export const Loan = defineEntity({
  name: 'Loan',
  tableName: 'fin_loan',
  uniques: [{ properties: ['source', 'loanNumber'] }],
  indexes: [{ properties: ['projectId'] }, { properties: ['country'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: p.text(),
    loanNumber: p.text(),
    creditor: p.text(),
    creditorCategory: p.text().nullable(),
    instrument: p.text(),
    country: p.text(),
    borrower: p.text().nullable(),
    guarantor: p.text().nullable(),
    projectId: p.text().nullable(),
    projectName: p.text().nullable(),
    statusText: p.text().nullable(),
    status: p.text(),
    currency: p.text(),
    committed: money(),
    disbursed: money(),
    undisbursed: money(),
    cancelled: money(),
    repaid: money(),
    outstanding: money(),
    interestRate: p.decimal('string').columnType('numeric').nullable(),
    interestType: p.text().nullable(),
    signingDate: p.date().nullable(),
    approvalDate: p.date().nullable(),
    effectiveDate: p.date().nullable(),
    closingDate: p.date().nullable(),
    firstRepaymentDate: p.date().nullable(),
    lastRepaymentDate: p.date().nullable(),
    asOf: p.date().nullable(),
    terms: p.json<Record<string, string>>().columnType('json'),
    contentHash: p.text(),
    importRunId: p.integer(),
    sourceFile: p.text(),
    sourceRow: p.integer(),
  },
});
export type Loan = InferEntity<typeof Loan>;

export const LoanFlow = defineEntity({
  name: 'LoanFlow',
  tableName: 'fin_loan_flow',
  indexes: [{ properties: ['loan', 'date'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    loan: () => p.manyToOne(Loan).mapToPk().deleteRule('cascade'),
    seq: p.integer(),
    type: p.text(),
    date: p.date(),
    amount: p.decimal('string').columnType('numeric'),
    currency: p.text(),
    amountUsd: money(),
    reference: p.text().nullable(),
    scheduled: p.boolean().default(false),
  },
});
export type LoanFlow = InferEntity<typeof LoanFlow>;

/** An administrator's link between a loan and an IATI activity it finances (beyond the project-id rule). */
export const LoanActivityLink = defineEntity({
  name: 'LoanActivityLink',
  tableName: 'fin_loan_activity_link',
  uniques: [{ properties: ['loan', 'iatiIdentifier'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    loan: () => p.manyToOne(Loan).mapToPk().deleteRule('cascade').index(),
    iatiIdentifier: p.text().index(),
    reason: p.text(),
    createdBy: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type LoanActivityLink = InferEntity<typeof LoanActivityLink>;
