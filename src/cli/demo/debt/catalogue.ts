import type { Instrument } from '../../../../connectors/debt/types.js';

/**
 * The demo debt portfolio of Malawi: 42 FICTIONAL loans from real creditors (see creditors.ts),
 * signed 2005-2025. The random generator varies dates, amounts and schedules around this list,
 * so every seed tells the same story with different figures.
 *
 * The World Bank project ids P160001-P160013 are those of the demo IATI bank portfolio
 * (src/cli/demo/portfolio-bank.ts, published as 44000-P160…): those loans join their aid
 * activities in the demo graph. P160014-P160016 follow the same format but have no activity.
 */
export interface PlannedEntry {
  readonly creditor: string;
  readonly project: string;
  readonly year: number;
  /** Commitment in millions of the creditor's currency, before a random ±15%. */
  readonly millions: number;
  readonly projectId?: string;
  /** Default `loan`; IDA lends by `credit` and, to Malawi since 2021, by `grant`. */
  readonly instrument?: Instrument;
  /**
   * `cancelled`: signed and effective, then cancelled whole before any disbursement. `late`: one
   * instalment paid late (an arrears line). `pending`: signed in the last months, not yet
   * effective (everything projected or scheduled).
   */
  readonly fate?: 'cancelled' | 'late' | 'pending';
}

export const ENTRIES: readonly PlannedEntry[] = [
  {
    creditor: 'ida',
    project: 'Irrigation, Rural Livelihoods and Agricultural Development Project',
    year: 2006,
    millions: 26,
    projectId: 'P160014',
    instrument: 'credit',
  },
  { creditor: 'ida', project: 'Third Malawi Social Action Fund', year: 2008, millions: 35, projectId: 'P160015', instrument: 'credit' },
  { creditor: 'ida', project: 'Education Sector Support Project', year: 2010, millions: 21, projectId: 'P160016', instrument: 'credit' },
  { creditor: 'ida', project: 'Lilongwe Water & Sanitation Project', year: 2015, millions: 55, projectId: 'P160005', instrument: 'credit' },
  {
    creditor: 'ida',
    project: 'Agricultural Commercialisation Project',
    year: 2017,
    millions: 68,
    projectId: 'P160003',
    instrument: 'credit',
  },
  {
    creditor: 'ida',
    project: 'Shire Valley Transformation Program',
    year: 2018,
    millions: 114,
    projectId: 'P160004',
    instrument: 'credit',
  },
  {
    creditor: 'ida',
    project: 'Southern Africa Trade and Transport Facilitation: Malawi',
    year: 2019,
    millions: 107,
    projectId: 'P160006',
    instrument: 'credit',
  },
  { creditor: 'ida', project: 'Electricity Access Project', year: 2020, millions: 107, projectId: 'P160011', instrument: 'credit' },
  {
    creditor: 'ida',
    project: 'Social Support for Resilient Livelihoods',
    year: 2022,
    millions: 80,
    projectId: 'P160007',
    instrument: 'grant',
  },
  { creditor: 'ida', project: 'Health Systems Strengthening Project', year: 2023, millions: 45, projectId: 'P160001', instrument: 'grant' },
  { creditor: 'adf', project: 'Smallholder Crop Production and Marketing Project', year: 2007, millions: 15 },
  { creditor: 'adf', project: 'Nacala Road Corridor Development Project, Phase I', year: 2009, millions: 22 },
  { creditor: 'adf', project: 'Agriculture Infrastructure Support Project', year: 2012, millions: 18 },
  { creditor: 'adf', project: 'Nacala Road Corridor Development Project, Phase IV', year: 2014, millions: 20 },
  { creditor: 'adf', project: 'Sustainable Rural Water Supply and Sanitation Project', year: 2016, millions: 12 },
  { creditor: 'adf', project: 'Mzuzu Urban Water Supply Project', year: 2019, millions: 9, fate: 'cancelled' },
  { creditor: 'ifad', project: 'Rural Livelihoods Support Programme', year: 2006, millions: 6.5 },
  { creditor: 'ifad', project: 'Sustainable Agricultural Production Programme', year: 2011, millions: 14 },
  { creditor: 'ifad', project: 'Programme for Rural Irrigation Development', year: 2016, millions: 25 },
  { creditor: 'opec', project: 'Lilongwe-Mchinji Road Rehabilitation', year: 2008, millions: 10 },
  { creditor: 'opec', project: 'Mangochi Water Supply Project', year: 2013, millions: 12 },
  { creditor: 'opec', project: 'Rural Electrification Programme, Phase IX', year: 2021, millions: 15 },
  { creditor: 'eib', project: 'Lilongwe Water Programme', year: 2010, millions: 16 },
  { creditor: 'eib', project: 'Mzuzu Water and Sanitation Project', year: 2014, millions: 17 },
  { creditor: 'eib', project: 'Blantyre Water Supply Programme', year: 2020, millions: 20 },
  { creditor: 'badea', project: 'Zomba-Jali-Phalombe Road', year: 2009, millions: 10 },
  { creditor: 'badea', project: 'Nkhotakota Water Supply Project', year: 2015, millions: 9 },
  { creditor: 'badea', project: 'Rumphi District Hospital', year: 2022, millions: 8 },
  { creditor: 'chinaExim', project: 'Karonga-Chitipa Road', year: 2010, millions: 280 },
  { creditor: 'chinaExim', project: 'Malawi University of Science and Technology', year: 2012, millions: 510 },
  { creditor: 'chinaExim', project: 'National Fibre Backbone Project', year: 2014, millions: 180 },
  { creditor: 'chinaExim', project: 'Lilongwe City Roads Upgrade', year: 2017, millions: 400 },
  { creditor: 'indiaExim', project: 'Line of Credit: Irrigation Equipment', year: 2012, millions: 30 },
  { creditor: 'indiaExim', project: 'Line of Credit: Water Supply in Nkhata Bay and Chitipa', year: 2016, millions: 50 },
  { creditor: 'indiaExim', project: 'Line of Credit: Cotton Processing', year: 2021, millions: 20 },
  { creditor: 'kuwait', project: 'Chiweta-Karonga Road', year: 2011, millions: 5, fate: 'late' },
  { creditor: 'kuwait', project: 'Lilongwe Old Town Roads', year: 2019, millions: 6 },
  { creditor: 'saudi', project: 'Rural Health Centres Programme', year: 2013, millions: 60 },
  { creditor: 'saudi', project: 'Karonga-Songwe Road', year: 2024, millions: 90 },
  { creditor: 'adfd', project: 'Salima Solar Power Plant, Phase II', year: 2025, millions: 110, fate: 'pending' },
  { creditor: 'tdb', project: 'Budget Support Facility', year: 2008, millions: 30 },
  { creditor: 'tdb', project: 'Fertiliser Import Financing Facility', year: 2023, millions: 50 },
];
