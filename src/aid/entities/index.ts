export * from './activity.entity.js';
export * from './activity-report.entity.js';
export * from './report-parts.entity.js';
export * from './money.entity.js';
export * from './organisation.entity.js';
export * from './codelist.entity.js';
