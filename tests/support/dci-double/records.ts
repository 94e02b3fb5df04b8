import { readFileSync } from 'node:fs';
import { sample } from '../sample-data.js';

/**
 * The double's registry content: the real records of the SP-DCI example messages
 * (../shared/data/registry/dci/examples), then synthetic records of the same shape so that a
 * search spans several pages. Synthetic records carry location codes and clean values; the real
 * ones are served exactly as published (with their gaps: no location codes, numeric IBR codes).
 */
export type Json = Record<string, unknown>;

export function example(area: 'social' | 'ibr', name: string): Json {
  return JSON.parse(readFileSync(sample('registry', 'dci', 'examples', area, name), 'utf8')) as Json;
}

/** reg_records of the first search_response of an example answer. */
export function exampleRecords(area: 'social' | 'ibr', name: string): Json[] {
  const message = example(area, name).message as { search_response: { data: { reg_records: Json[] } }[] };
  return message.search_response[0]?.data.reg_records ?? [];
}

const pad = (n: number, width = 4): string => String(n).padStart(width, '0');
const GIVEN = ['Chikondi', 'Thoko', 'Mphatso', 'Kondwani', 'Tiyamike', 'Limbani', 'Chisomo', 'Dalitso'];
const FAMILY = ['Banda', 'Phiri', 'Mwale', 'Chirwa', 'Tembo', 'Gondwe'];

function person(n: number, sex: 'female' | 'male', birth: string, region: string, district: string): Json {
  return {
    '@type': 'SRPerson',
    identifier: [{ identifier_type: 'NID', identifier_value: `NID${pad(n, 6)}` }],
    name: { given_name: GIVEN[n % GIVEN.length], surname: FAMILY[n % FAMILY.length] },
    sex,
    birth_date: `${birth}T00:00:00Z`,
    phone_number: [`+265 99 ${pad(n, 7)}`],
    address: { '@type': 'Address', locality: `Village ${n}`, region_code: region, sub_region_code: district, country_code: 'MW' },
  };
}

function member(n: number, relationship: string, p: Json): Json {
  return {
    household_member: {
      member_identifier: [{ identifier_type: 'MID', identifier_value: `M${pad(n, 6)}` }],
      demographic_info: { person: p },
      relationship_head: relationship,
      is_disabled: '0',
      marital_status: relationship === 'child' ? 'Single' : 'Married',
      registration_date: '2024-01-10T08:00:00Z',
    },
  };
}

/** Synthetic social-registry Groups shaped like processflow1-1res.json's, 1 to 3 members each. */
export function syntheticGroups(count: number): Json[] {
  const groups: Json[] = [];
  let n = 0;
  for (let g = 1; g <= count; g++) {
    const region = `R${(g % 3) + 1}`;
    const district = `${region}-D${(g % 2) + 1}`;
    const size = (g % 3) + 1;
    const head = person(++n, g % 2 ? 'female' : 'male', `19${60 + (g % 30)}-0${(g % 9) + 1}-15`, region, district);
    const members = [member(n, 'self', head)];
    if (size > 1) members.push(member(++n, 'spouse', person(n, g % 2 ? 'male' : 'female', '1975-03-02', region, district)));
    if (size > 2) members.push(member(++n, 'child', person(n, 'female', '2012-11-30', region, district)));
    groups.push({
      '@type': 'Group',
      group_identifier: [{ identifier_type: 'HHID', identifier_value: `HH${pad(g)}` }],
      place: { address: { region_code: region, sub_region_code: district } },
      group_size: String(size),
      group_head_info: { person: head },
      member_list: members,
      registration_date: '2024-01-10T08:00:00Z',
      last_updated: `2025-0${(g % 6) + 1}-${pad((g % 27) + 1, 2)}T10:00:00Z`,
    });
  }
  return groups;
}

/** Synthetic IBR Beneficiaries shaped like processflow1req.json's. */
export function syntheticBeneficiaries(count: number): Json[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const region = `R${(n % 3) + 1}`;
    return {
      '@type': 'Beneficiary',
      assistance_unit: '1',
      member: {
        member_identifier: [{ identifier_type: 'NID', identifier_value: `BEN${pad(n, 6)}` }],
        demographic_info: { person: person(1000 + n, n % 2 ? 'female' : 'male', '1980-04-12', region, `${region}-D1`) },
        registration_date: '2024-04-12T00:00',
        last_update: `2025-02-${pad((n % 27) + 1, 2)}T09:00:00Z`,
      },
      programme_identifier: {
        programme: { programme_identifier: n % 2 ? 'DCI001' : 'DCI002', programme_name: n % 2 ? 'Test Programme' : 'Old Age Grant' },
        enrolment_date: '2024-04-12T00:00',
        enrolment_status: n % 5 === 0 ? 'Suspended' : 'Active',
        status_change_date: '',
        benefits: { benefit_type: 'Cash', benefit_date: '2024-05-02T00:00', benefit_value: 'USD 50', benefit_frequency: 'Monthly' },
      },
    };
  });
}

/** What the double serves by default: the real example records first, then synthetic ones. */
export function defaultRecords(registry: 'social' | 'ibr'): Json[] {
  if (registry === 'social') return [...exampleRecords('social', 'processflow1-1res.json'), ...syntheticGroups(24)];
  const enrolled = (example('ibr', 'processflow1req.json').message as { receipt_information: { beneficiaries: Json[] } })
    .receipt_information.beneficiaries;
  return [...enrolled, ...exampleRecords('ibr', 'processflow4res.json'), ...syntheticBeneficiaries(20)];
}
