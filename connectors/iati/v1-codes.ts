/**
 * IATI 1.0x used text codes where 2.0x uses numbers, and some 2.0x files still carry them.
 * Each table maps a lower-cased 1.0x code (or an early-draft synonym) to the 2.0x code.
 * A translation is never silent: the normaliser records a `V1_CODE_TRANSLATED` warning.
 */
type Table = Readonly<Record<string, string>>;

export const V1_TRANSACTION_TYPE: Table = {
  if: '1',
  'incoming funds': '1',
  incoming: '1',
  c: '2',
  commitment: '2',
  d: '3',
  disbursement: '3',
  e: '4',
  expenditure: '4',
  ir: '5',
  'interest repayment': '5',
  lr: '6',
  'loan repayment': '6',
  r: '7',
  reimbursement: '7',
  qp: '8',
  'purchase of equity': '8',
  qs: '9',
  'sale of equity': '9',
  cg: '10',
  'credit guarantee': '10',
};

/** Early drafts wrote only "start"/"end"; those are read as the planned dates. */
export const V1_ACTIVITY_DATE_TYPE: Table = {
  'start-planned': '1',
  'start-actual': '2',
  'end-planned': '3',
  'end-actual': '4',
  start: '1',
  end: '3',
  completion: '3',
};

export const V1_ORGANISATION_ROLE: Table = {
  funding: '1',
  donor: '1',
  accountable: '2',
  extending: '3',
  implementing: '4',
  'un-ocha-implementing-partner': '4',
};

export const V1_ORGANISATION_TYPE: Table = {
  government: '10',
  'other public sector': '15',
  'international ngo': '21',
  'national ngo': '22',
  'regional ngo': '23',
  'public private partnership': '30',
  multilateral: '40',
  foundation: '60',
  'private sector': '70',
  academic: '80',
  other: '90',
};

export const V1_SECTOR_VOCABULARY: Table = {
  dac: '1',
  'dac-3': '2',
  cofog: '3',
  nace: '4',
  ntee: '5',
  adt: '6',
  ro2: '98',
  ro: '99',
  // World Bank sector codes have no 2.0x vocabulary; they are the reporting organisation's own.
  wb: '99',
};

export const V1_BUDGET_TYPE: Table = { original: '1', revised: '2' };

export const V1_ACTIVITY_STATUS: Table = {
  pipeline: '1',
  identification: '1',
  implementation: '2',
  ongoing: '2',
  completion: '3',
  finalisation: '3',
  closed: '4',
  'post-completion': '4',
  cancelled: '5',
  suspended: '6',
};

export const V1_DESCRIPTION_TYPE: Table = { general: '1', summary: '1', objectives: '2', 'target groups': '3', other: '4' };

export const V1_REGION_VOCABULARY: Table = { dac: '1', un: '2', ro: '99' };
