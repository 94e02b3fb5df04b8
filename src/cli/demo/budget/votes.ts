import { adminSubs, sub, type VotePlan } from './plan.js';
import { OTHER_VOTES } from './votes-other.js';

/**
 * The votes of the demo budget. Weights are shares of the domestic budget in percent, in the
 * proportions of a low-income budget with heavy debt service (interest about a quarter of the
 * total), education and health the largest sectors, and an agricultural input subsidy.
 */
const CENTRAL_HOSPITALS = [
  ['002', '206'],
  ['003', '305'],
  ['004', '303'],
  ['005', '105'],
] as const;

export const VOTES: readonly VotePlan[] = [
  {
    vote: '010',
    weight: 1.5,
    adminCofog: '01.1.1',
    subs: [
      ...adminSubs('01.1.1'),
      sub('02-01', '01.3.1', 4, 'admin', [['002', 'hq']]),
      sub('02-02', '01.3.1', 3, 'admin', [['002', 'hq']]),
    ],
  },
  {
    vote: '020',
    weight: 1,
    adminCofog: '01.1.1',
    subs: [...adminSubs('01.1.1'), sub('02-01', '01.1.1', 12, 'admin'), sub('02-02', '01.1.1', 6, 'admin')],
  },
  {
    vote: '030',
    weight: 0.8,
    adminCofog: '03.3.0',
    subs: [...adminSubs('03.3.0'), sub('02-01', '03.3.0', 8, 'service'), sub('02-02', '03.3.0', 10, 'service', [['002', 'districts']])],
  },
  {
    vote: '091',
    weight: 0.5,
    adminCofog: '02.2.0',
    subs: [...adminSubs('02.2.0'), sub('02-01', '02.2.0', 6, 'goods', [['002', 'districts']]), sub('02-02', '10.9.0', 10, 'goods')],
  },
  {
    vote: '120',
    weight: 8,
    adminCofog: '01.3.3',
    subs: [
      ...adminSubs('01.3.3'),
      sub('02-01', '01.3.3', 4, 'admin'),
      sub('02-02', '01.8.0', 120, 'councils', [['002', 'districts']]),
      sub('03-01', '08.2.0', 2, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '130',
    weight: 9,
    adminCofog: '04.2.1',
    subs: [
      ...adminSubs('04.2.1'),
      sub('02-01', '04.2.1', 6, 'service'),
      sub('02-02', '04.2.1', 10, 'service', [['002', 'districts']]),
      sub('02-03', '04.2.1', 60, 'subsidy', [['006', 'districts']]),
      sub('03-01', '04.2.1', 8, 'works', [['004', 'hq']]),
      sub('04-01', '04.2.1', 3, 'service', [['005', 'hq']]),
      sub('04-02', '04.2.1', 2, 'service', [['005', 'hq']]),
      sub('05-01', '04.8.2', 3, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '250',
    weight: 15,
    adminCofog: '09.8.0',
    subs: [
      ...adminSubs('09.8.0'),
      sub('02-01', '09.3.0', 3, 'service', [['004', 'hq']]),
      sub('02-02', '09.3.0', 2, 'service', [['004', 'hq']]),
      sub('03-01', '09.1.2', 55, 'teachers', [['002', 'districts']]),
      sub('03-02', '09.1.2', 5, 'goods', [['002', 'districts']]),
      sub('03-03', '09.1.2', 4, 'works', [['002', 'hq']]),
      sub('04-01', '09.2.1', 16, 'service', [['003', 'districts']]),
      sub('04-02', '09.2.1', 3, 'works', [['003', 'hq']]),
      sub('05-01', '09.4.1', 10, 'subvention', [['005', 'hq']]),
      sub('05-02', '09.4.1', 3, 'subvention', [['005', 'hq']]),
    ],
  },
  {
    vote: '270',
    weight: 2,
    adminCofog: '01.1.2',
    subs: [
      ...adminSubs('01.1.2'),
      sub('02-01', '01.3.2', 3, 'admin', [['003', 'hq']]),
      sub('02-02', '01.1.2', 2, 'admin', [['004', 'hq']]),
      sub('03-01', '01.1.2', 3, 'admin'),
      sub('03-02', '01.1.2', 4, 'admin', [['002', 'hq']]),
      sub('03-03', '01.1.2', 1, 'admin'),
    ],
  },
  {
    vote: '273',
    weight: 24,
    subs: [sub('02-01', '01.7.0', 78, 'interest-domestic'), sub('02-02', '01.7.0', 22, 'interest-foreign', [['002', 'hq']])],
  },
  { vote: '274', weight: 4, subs: [sub('02-01', '10.2.0', 75, 'pensions'), sub('02-02', '10.2.0', 25, 'pensions')] },
  {
    vote: '310',
    weight: 8,
    adminCofog: '07.6.0',
    subs: [
      ...adminSubs('07.6.0'),
      sub('02-01', '07.3.2', 30, 'service', CENTRAL_HOSPITALS, 0.04),
      sub('02-02', '07.3.1', 35, 'service', [['006', 'districts']]),
      sub('02-03', '07.1.1', 12, 'goods', [['007', 'hq']]),
      sub('03-01', '07.4.0', 5, 'goods', [['007', 'hq']]),
      sub('03-02', '07.4.0', 4, 'goods', [['007', 'hq']]),
      sub('03-03', '07.4.0', 3, 'goods', [['007', 'hq']]),
      sub('04-01', '07.3.1', 6, 'works'),
    ],
  },
  {
    vote: '320',
    weight: 1.2,
    adminCofog: '10.9.0',
    subs: [
      ...adminSubs('10.9.0'),
      sub('02-01', '10.9.0', 4, 'service'),
      sub('03-01', '10.4.0', 5, 'service', [['002', 'districts']]),
      sub('03-02', '09.1.1', 4, 'service', [['002', 'hq']]),
      sub('04-01', '10.7.0', 30, 'cash-transfers', [['003', 'districts']]),
      sub('04-02', '10.7.0', 4, 'admin', [['003', 'hq']]),
      sub('05-01', '09.5.0', 2, 'service', [['004', 'hq']]),
      sub('05-02', '06.2.0', 2, 'service', [['004', 'hq']]),
    ],
  },
  {
    vote: '340',
    weight: 3,
    adminCofog: '02.1.0',
    subs: [
      ...adminSubs('02.1.0'),
      sub('02-01', '02.1.0', 70, 'defence', [['002', 'hq']]),
      sub('02-02', '02.1.0', 20, 'defence', [['002', 'hq']]),
    ],
  },
  {
    vote: '350',
    weight: 4,
    adminCofog: '03.6.0',
    subs: [
      ...adminSubs('03.6.0'),
      sub('02-01', '03.1.0', 55, 'service', [['002', 'districts']]),
      sub('02-02', '03.1.0', 6, 'works', [['002', 'hq']]),
      sub('03-01', '03.4.0', 18, 'service', [['003', 'hq']]),
      sub('04-01', '03.6.0', 8, 'service', [['004', 'hq']], 0.3),
    ],
  },
  ...OTHER_VOTES,
];
