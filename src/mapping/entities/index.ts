export * from './rule.entity.js';
export * from './assignment.entity.js';
export * from './alignment.entity.js';
