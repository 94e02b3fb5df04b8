import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeCsv } from '../../../connectors/formats/csv.js';
import { RULE_SHEET_COLUMNS } from '../../../src/cli/demo/mapping-sheet.js';

/**
 * One activity in Malawi built to attack the view: a formula for a title, money split three ways
 * by shares that do not divide a cent, half its disbursements through the Treasury and half not
 * (PARTLY on treasury), a commitment dated before any rate the hub holds, and a loan finance type.
 */
export const HOSTILE = 'XM-TEST-HOSTILE-1';
export const HOSTILE_TITLE = '=HYPERLINK("http://evil.example","click")';

const transaction = (type: string, date: string, value: string, channel: string) => `
    <transaction>
      <transaction-type code="${type}"/>
      <transaction-date iso-date="${date}"/>
      <value currency="USD" value-date="${date}">${value}</value>
      <disbursement-channel code="${channel}"/>
    </transaction>`;

export async function writeHostileActivity(dir: string): Promise<string> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2025-10-01T06:00:00Z">
  <iati-activity last-updated-datetime="2025-09-03T08:20:56Z" xml:lang="en" default-currency="USD">
    <iati-identifier>${HOSTILE}</iati-identifier>
    <reporting-org ref="XM-TEST" type="10"><narrative>Test Donor</narrative></reporting-org>
    <title><narrative>${HOSTILE_TITLE.replaceAll('"', '&quot;')}</narrative></title>
    <participating-org ref="XM-TEST" type="10" role="1"><narrative>Test Donor</narrative></participating-org>
    <participating-org ref="MW-COA-270" type="10" role="2"><narrative>Ministry of Finance</narrative></participating-org>
    <participating-org ref="MW-COA-310" type="10" role="4"><narrative>Ministry of Health</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2022-04-01"/>
    <recipient-country code="MW" percentage="100"/>
    <sector vocabulary="1" code="11220" percentage="100"/>
    <default-finance-type code="410"/>
    <budget type="1" status="2">
      <period-start iso-date="2026-04-01"/><period-end iso-date="2027-03-31"/>
      <value currency="USD" value-date="2026-04-01">900000.01</value>
    </budget>${transaction('2', '2022-05-01', '1000000.00', '1')}${transaction('3', '2023-02-01', '100000.00', '1')}${transaction('3', '2024-06-15', '1000.01', '1')}${transaction('3', '2024-07-10', '2000.02', '2')}
  </iati-activity>
</iati-activities>
`;
  const file = path.join(dir, 'hostile.xml');
  await writeFile(file, xml, 'utf8');
  return file;
}

/** The activity's rule sheet: three votes at shares that leave cents to place. */
export function hostileSheet(): string {
  const rule = (vote: string, share: string) => ['MW', 'activity', HOSTILE, 'coa:administrative', vote, share, '', '', 'test split'];
  return writeCsv([rule('310', '33.3333'), rule('320', '33.3333'), rule('130', '33.3334')], RULE_SHEET_COLUMNS);
}
