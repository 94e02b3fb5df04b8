export { startDciDouble, type DciDouble, type DciDoubleOptions, type Fault, type RecordedRequest } from './server.js';
export { defaultRecords, example, exampleRecords, syntheticBeneficiaries, syntheticGroups, type Json } from './records.js';
export { selectRecords } from './query.js';
