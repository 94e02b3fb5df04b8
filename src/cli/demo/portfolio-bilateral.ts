import { AGENCY_ORG, MINISTRY, NGO, type Publisher } from './catalogue.js';
import { MACHINGA, ZOMBA } from './registry/geonames.js';

/** The fictional bilateral donor and its portfolio in Malawi (see catalogue.ts). */
export const BILATERAL: Publisher = {
  key: 'bilateral',
  fileName: 'demo-bilateral-gb-gov-1.xml',
  org: { ref: 'GB-GOV-1', type: '10', name: 'UK Office for Development Partnerships' },
  prefix: 'GB-GOV-1-',
  currency: 'GBP',
  fiscalYearStart: 4,
  collaborationType: '1',
  financeType: '110',
  step: 3,
  spendsDirectly: false,
  programmes: [
    {
      id: '300101',
      title: { en: 'Malawi Health Sector Support Programme' },
      description: {
        en: 'Support to the Government of Malawi’s Health Sector Strategic Plan: essential services, medicines and maternal care.',
      },
      sectors: [
        ['12220', 60],
        ['12110', 40],
      ],
      status: '2',
      implementers: [MINISTRY.health],
      size: 0,
      components: [
        {
          id: '300101-101',
          title: { en: 'Health sector budget support to the Ministry of Health' },
          description: { en: 'Earmarked sector budget support paid into the Treasury for essential health services at district level.' },
          sectors: [
            ['12220', 70],
            ['12110', 30],
          ],
          status: '2',
          implementers: [MINISTRY.health],
          aidType: 'A02',
          size: 24,
          budgetItems: [
            { code: '310-02', percentage: 70, description: 'Curative and preventive health services' },
            { code: '310-01', percentage: 30, description: 'Management and administration' },
          ],
        },
        {
          id: '300101-102',
          title: { en: 'Essential medicines supply chain strengthening' },
          description: { en: 'Storage, distribution and stock tracking of essential medicines for central and district hospitals.' },
          sectors: [['12230', 100]],
          status: '2',
          implementers: [MINISTRY.health],
          size: 9.5,
        },
        {
          id: '300101-103',
          title: { en: 'Reproductive, Maternal & Newborn Health (RMNH) services' },
          description: {
            en: 'Skilled birth attendance, family planning and newborn care in the Southern Region, where maternal mortality is > 400 per 100,000.',
          },
          sectors: [
            ['13020', 70],
            ['12220', 30],
          ],
          status: '3',
          implementers: [NGO.mothers, NGO.chikondi],
          size: 12,
        },
      ],
    },
    {
      id: '300205',
      title: { en: 'Girls’ Education Programme Malawi' },
      description: { en: 'Keeping girls in school through safer classrooms, bursaries and better-trained teachers.' },
      sectors: [
        ['11220', 70],
        ['11130', 30],
      ],
      status: '2',
      implementers: [MINISTRY.education],
      size: 0,
      components: [
        {
          id: '300205-101',
          title: { en: 'Primary school classrooms and latrines in rural districts' },
          description: { en: 'Construction of classroom blocks and separate latrines for girls in 12 rural districts.' },
          sectors: [
            ['11220', 60],
            ['11120', 40],
          ],
          status: '2',
          implementers: [MINISTRY.education],
          size: 15,
        },
        {
          id: '300205-102',
          title: { en: 'Teacher training & retention in hard-to-staff schools' },
          description: { en: 'In-service training and housing allowances for teachers posted to remote schools.' },
          sectors: [['11130', 100]],
          status: '2',
          implementers: [NGO.lakeshore],
          size: 6.25,
        },
      ],
    },
    {
      id: '300318',
      title: { en: 'Climate-resilient agriculture for smallholder farmers' },
      description: { en: 'Drought-tolerant seed, small-scale irrigation and extension services for 150,000 smallholder households.' },
      sectors: [
        ['31120', 50],
        ['31140', 30],
        ['31166', 20],
      ],
      status: '2',
      implementers: [MINISTRY.agriculture],
      size: 18,
    },
    {
      id: '300412',
      title: { en: 'Strengthening Public Financial Management & Accountability' },
      description: {
        en: 'Technical assistance to the Ministry of Finance on budget credibility, IFMIS roll-out and aid information management.',
      },
      objectives: { en: 'A budget that is executed as approved, with every donor flow recorded on budget.' },
      sectors: [
        ['15111', 80],
        ['15117', 20],
      ],
      status: '2',
      implementers: [AGENCY_ORG, MINISTRY.finance],
      aidType: 'D02',
      size: 7.5,
      alsoReportedByImplementer: true,
    },
    {
      id: '300477',
      title: { en: 'Social cash transfers for ultra-poor households' },
      description: { en: 'Co-financing of the national Social Cash Transfer Programme, paid through the Treasury.' },
      sectors: [['16010', 100]],
      status: '2',
      implementers: [MINISTRY.gender],
      size: 21,
      budgetItems: [{ code: '320-04', percentage: 100, description: 'Social cash transfer programme' }],
      locations: [
        { name: 'Machinga District', geonames: MACHINGA, point: ['-14.94583', '35.57367'], reach: '2' },
        { name: 'Zomba District', geonames: ZOMBA, point: ['-15.43007', '35.41829'], reach: '2' },
        { name: 'Mangochi', point: ['-14.478', '35.264'], reach: '2' },
        { name: 'Balaka District', point: ['-14.979', '34.956'], reach: '2' },
        { name: 'Chikwawa', point: ['-16.035', '34.801'], reach: '2' },
      ],
    },
    {
      id: '300520',
      title: { en: 'Water, Sanitation & Hygiene (WASH) in Southern Region towns' },
      description: { en: 'Piped water extensions and public sanitation in six market towns.' },
      sectors: [
        ['14030', 60],
        ['14021', 40],
      ],
      status: '4',
      implementers: [MINISTRY.water],
      size: 11,
      // Towns, not districts: Liwonde (in Machinga) stays unmatched until a rule places it.
      locations: [
        { name: 'Liwonde', point: ['-15.067', '35.225'], reach: '1' },
        { name: 'Mulanje', point: ['-16.031', '35.500'], reach: '1' },
        { name: 'Thyolo', point: ['-16.06775', '35.14046'], reach: '1' },
      ],
    },
    {
      id: '300533',
      title: { en: 'Humanitarian response to drought and food insecurity' },
      description: { en: 'Food assistance and nutrition support after the failed rains, delivered with district councils.' },
      sectors: [
        ['72010', 70],
        ['12240', 30],
      ],
      status: '4',
      implementers: [MINISTRY.disasters],
      size: 8,
    },
    {
      id: '300611',
      title: { en: 'Rural roads maintenance and access' },
      description: { en: 'Spot improvement and routine maintenance of feeder roads linking farms to markets.' },
      sectors: [
        ['21020', 80],
        ['21010', 20],
      ],
      status: '1',
      implementers: [MINISTRY.transport],
      size: 14,
    },
  ],
};
