import type { FiscalYear, Profile, Where } from './plan.js';

/**
 * Donor-financed projects on the demo budget (fund 2, external loans; fund 3, external grants).
 * Their keys are the project ids of the demo IATI publishers (src/cli/demo/portfolio-*.ts): the
 * development bank's `P16000x` (its IATI identifiers are `44000-P16000x`, as the World Bank's are)
 * and the bilateral donor's IATI activity identifiers, so a budget line joins its aid activity.
 * Loans are the bank's `financeType: '421'` projects. General budget support (P160009) is revenue,
 * not a spending line, and projects implemented outside government are off budget.
 */
export interface ProjectPlan {
  readonly key: string;
  readonly vote: string;
  readonly costCentre: string;
  readonly sub: string;
  readonly cofog: string;
  readonly fund: '2' | '3';
  /** Budgeted each year, in millions of US dollars. */
  readonly usdMillions: number;
  readonly years: readonly FiscalYear[];
  readonly profile: Profile;
  readonly where: Where | readonly string[];
}

const ALL: readonly FiscalYear[] = ['2023/24', '2024/25', '2025/26'];

export const PROJECTS: readonly ProjectPlan[] = [
  {
    key: 'P160001',
    vote: '310',
    costCentre: '007',
    sub: '03-01',
    cofog: '07.4.0',
    fund: '3',
    usdMillions: 12,
    years: ALL,
    profile: 'goods',
    where: 'districts',
  },
  {
    key: 'P160002',
    vote: '250',
    costCentre: '002',
    sub: '03-02',
    cofog: '09.1.2',
    fund: '3',
    usdMillions: 9,
    years: ALL,
    profile: 'goods',
    where: 'districts',
  },
  {
    key: 'P160003',
    vote: '130',
    costCentre: '001',
    sub: '02-01',
    cofog: '04.2.1',
    fund: '2',
    usdMillions: 19,
    years: ALL,
    profile: 'service',
    where: 'hq',
  },
  {
    key: 'P160004',
    vote: '130',
    costCentre: '004',
    sub: '03-01',
    cofog: '04.2.1',
    fund: '2',
    usdMillions: 32,
    years: ALL,
    profile: 'works',
    where: ['310', '311'],
  },
  {
    key: 'P160005',
    vote: '480',
    costCentre: '002',
    sub: '02-02',
    cofog: '06.3.0',
    fund: '2',
    usdMillions: 15,
    years: ALL,
    profile: 'works',
    where: '206',
  },
  {
    key: 'P160006',
    vote: '500',
    costCentre: '002',
    sub: '02-01',
    cofog: '04.5.1',
    fund: '2',
    usdMillions: 30,
    years: ALL,
    profile: 'works',
    where: ['206', '208', '209', '312', '305'],
  },
  {
    key: 'P160007',
    vote: '320',
    costCentre: '003',
    sub: '04-01',
    cofog: '10.7.0',
    fund: '3',
    usdMillions: 22,
    years: ALL,
    profile: 'cash-transfers',
    where: 'districts',
  },
  {
    key: 'P160008',
    vote: '270',
    costCentre: '003',
    sub: '02-01',
    cofog: '04.1.1',
    fund: '2',
    usdMillions: 8,
    years: ['2023/24'],
    profile: 'goods',
    where: 'hq',
  },
  {
    key: 'P160010',
    vote: '400',
    costCentre: '002',
    sub: '02-02',
    cofog: '04.6.0',
    fund: '3',
    usdMillions: 14,
    years: ['2025/26'],
    profile: 'digital',
    where: 'hq',
  },
  {
    key: 'P160011',
    vote: '590',
    costCentre: '002',
    sub: '02-01',
    cofog: '04.3.5',
    fund: '2',
    usdMillions: 30,
    years: ALL,
    profile: 'works',
    where: ['101', '102', '202', '301', '302', '307', '309'],
  },
  {
    key: 'P160012',
    vote: '091',
    costCentre: '002',
    sub: '02-01',
    cofog: '02.2.0',
    fund: '3',
    usdMillions: 10,
    years: ['2023/24'],
    profile: 'goods',
    where: 'districts',
  },
  {
    key: 'P160013',
    vote: '320',
    costCentre: '002',
    sub: '03-02',
    cofog: '09.1.1',
    fund: '3',
    usdMillions: 12,
    years: ALL,
    profile: 'service',
    where: 'hq',
  },
  {
    key: 'GB-GOV-1-300101-101',
    vote: '310',
    costCentre: '007',
    sub: '02-03',
    cofog: '07.1.1',
    fund: '3',
    usdMillions: 6,
    years: ALL,
    profile: 'goods',
    where: 'hq',
  },
  {
    key: 'GB-GOV-1-300477',
    vote: '320',
    costCentre: '003',
    sub: '04-01',
    cofog: '10.7.0',
    fund: '3',
    usdMillions: 5,
    years: ALL,
    profile: 'cash-transfers',
    where: 'districts',
  },
];
