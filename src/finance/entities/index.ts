export * from './coa.entity.js';
export * from './budget.entity.js';
export * from './loan.entity.js';
export * from './exchange-rate.entity.js';
