import { adminSubs, sub, type VotePlan } from './plan.js';

/** The smaller votes of the demo budget (see votes.ts). */
export const OTHER_VOTES: readonly VotePlan[] = [
  {
    vote: '360',
    weight: 0.5,
    adminCofog: '04.1.2',
    subs: [
      ...adminSubs('04.1.2'),
      sub('02-01', '04.1.2', 4, 'service', [['002', 'hq']]),
      sub('03-01', '09.3.0', 6, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '370',
    weight: 1.2,
    adminCofog: '01.1.3',
    subs: [...adminSubs('01.1.3'), sub('02-01', '01.1.3', 25, 'admin', [['002', 'hq']]), sub('02-02', '01.1.3', 3, 'admin')],
  },
  {
    vote: '400',
    weight: 0.4,
    adminCofog: '08.3.0',
    subs: [
      ...adminSubs('08.3.0'),
      sub('02-01', '08.3.0', 4, 'service', [['003', 'hq']]),
      sub('02-02', '04.6.0', 4, 'digital', [['002', 'hq']]),
    ],
  },
  {
    vote: '440',
    weight: 0.4,
    adminCofog: '03.3.0',
    subs: [
      ...adminSubs('03.3.0'),
      sub('02-01', '03.3.0', 3, 'service'),
      sub('02-02', '03.3.0', 4, 'service', [['002', 'hq']]),
      sub('02-03', '03.3.0', 2, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '460',
    weight: 0.4,
    adminCofog: '06.6.0',
    subs: [
      ...adminSubs('06.6.0'),
      sub('02-01', '06.6.0', 4, 'service', undefined, 0.2),
      sub('02-02', '06.6.0', 3, 'service', [['002', 'hq']]),
      sub('02-03', '06.2.0', 2, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '480',
    weight: 1,
    adminCofog: '06.3.0',
    subs: [
      ...adminSubs('06.3.0'),
      sub('02-01', '06.3.0', 3, 'service', [['004', 'hq']]),
      sub('02-02', '06.3.0', 10, 'works', [['002', 'districts']]),
      sub('03-01', '05.2.0', 3, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '500',
    weight: 5,
    adminCofog: '04.5.1',
    subs: [
      ...adminSubs('04.5.1'),
      sub('02-01', '04.5.1', 45, 'works', [['002', 'hq']]),
      sub('02-02', '04.5.1', 25, 'subvention', [['002', 'hq']]),
      sub('03-01', '04.5.4', 5, 'service', [['003', 'hq']], 0.2),
      sub('03-02', '04.5.1', 4, 'service', [['005', 'hq']], 0.25),
      sub('04-01', '01.3.3', 6, 'works', [['004', 'hq']]),
    ],
  },
  {
    vote: '520',
    weight: 0.3,
    adminCofog: '04.1.1',
    subs: [...adminSubs('04.1.1'), sub('02-01', '04.1.1', 3, 'service'), sub('02-02', '04.4.2', 3, 'service', [['002', 'hq']])],
  },
  {
    vote: '550',
    weight: 0.6,
    adminCofog: '05.6.0',
    subs: [
      ...adminSubs('05.6.0'),
      sub('02-01', '04.2.2', 6, 'service', [['002', 'districts']]),
      sub('03-01', '05.4.0', 3, 'service', [['003', 'hq']]),
      sub('03-02', '05.6.0', 3, 'service', [['004', 'hq']]),
    ],
  },
  {
    vote: '570',
    weight: 0.2,
    adminCofog: '04.4.1',
    subs: [
      ...adminSubs('04.4.1'),
      sub('02-01', '04.4.1', 3, 'service', [['002', 'hq']], 0.2),
      sub('02-02', '04.4.1', 3, 'service', [['003', 'hq']]),
    ],
  },
  {
    vote: '590',
    weight: 0.5,
    adminCofog: '04.3.5',
    subs: [
      ...adminSubs('04.3.5'),
      sub('02-01', '04.3.5', 8, 'works', [['002', 'districts']]),
      sub('02-02', '04.3.6', 2, 'service', [['002', 'hq']]),
    ],
  },
  {
    vote: '600',
    weight: 0.4,
    adminCofog: '08.6.0',
    subs: [...adminSubs('08.6.0'), sub('02-01', '08.6.0', 4, 'service'), sub('03-01', '08.1.0', 4, 'service', [['002', 'hq']])],
  },
  {
    vote: '610',
    weight: 0.4,
    adminCofog: '04.7.3',
    subs: [
      ...adminSubs('04.7.3'),
      sub('02-01', '04.7.3', 3, 'service', [['002', 'hq']]),
      sub('03-01', '05.4.0', 5, 'service', [['003', 'hq']], 0.25),
    ],
  },
  {
    vote: '700',
    weight: 0.3,
    // The general elections of September 2025 fall in 2025/26, with registration in 2024/25.
    byYear: { '2024/25': 4, '2025/26': 6 },
    adminCofog: '01.6.0',
    subs: [...adminSubs('01.6.0'), sub('02-01', '01.6.0', 20, 'elections'), sub('02-02', '01.6.0', 10, 'elections')],
  },
];
