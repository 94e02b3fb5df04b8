import type { Codelists } from './codelists.js';
import type { Problems } from './problems.js';
import type { ActivityRecord, CodeRef, OrgRef } from './types.js';

/**
 * Checks every coded field of a normalised activity against the IATI codelists.
 * In a 2.0x activity an unknown code quarantines the activity; in a 1.0x activity (written
 * against older, looser lists) it is a warning. A withdrawn code is always only a warning.
 */
type Check = (list: string, code: string | null | undefined, field: string) => void;

/** Codelist for a sector code, by sector vocabulary; other vocabularies are not IATI-controlled. */
export const SECTOR_LISTS: Readonly<Record<string, string>> = {
  '1': 'Sector',
  '2': 'SectorCategory',
  '7': 'UNSDG-Goals',
  '8': 'UNSDG-Targets',
};
export const AID_TYPE_LISTS: Readonly<Record<string, string>> = { '1': 'AidType' };
export const REGION_LISTS: Readonly<Record<string, string>> = { '1': 'Region' };
export const BUDGET_ITEM_LISTS: Readonly<Record<string, string>> = { '1': 'BudgetIdentifier' };
const PRE_CODELIST_VERSIONS = new Set(['1', '1.0', '1.00']);

function checker(codelists: Codelists, problems: Problems, strict: boolean): Check {
  return (list, code, field) => {
    if (code === null || code === undefined || code === '') return;
    const membership = codelists.membership(list, code);
    if (membership === 'active') return;
    if (membership === 'unknown' && codelists.caseInsensitiveMatch(list, code)) {
      problems.warn('CODE_CASE_MISMATCH', field, `"${code}" differs only in letter case from a code of the ${list} codelist`);
      return;
    }
    if (membership === 'withdrawn') {
      problems.warn('WITHDRAWN_CODE', field, `code "${code}" is withdrawn from the ${list} codelist`);
    } else if (strict) {
      problems.error('UNKNOWN_CODE', field, `"${code}" is not a code of the ${list} codelist`);
    } else {
      problems.warn('UNKNOWN_CODE', field, `"${code}" is not a code of the current ${list} codelist`);
    }
  };
}

function checkCoded(check: Check, vocabularyList: string, lists: Readonly<Record<string, string>>, item: CodeRef, field: string): void {
  check(vocabularyList, item.vocabulary, `${field}/@vocabulary`);
  const list = lists[item.vocabulary];
  if (list) check(list, item.code, `${field}/@code`);
}

function checkOrg(check: Check, org: OrgRef | null, field: string): void {
  if (org) check('OrganisationType', org.type, `${field}/@type`);
}

export function validateActivity(record: ActivityRecord, codelists: Codelists, problems: Problems): void {
  const check = checker(codelists, problems, !record.version.startsWith('1.'));
  // 1.0 and 1.00 predate the Version codelist (which starts at 1.01) and are read as 1.0x.
  if (!PRE_CODELIST_VERSIONS.has(record.version)) {
    check('Version', record.version, record.versionSource === 'activity' ? '@version' : 'iati-activities/@version');
  }
  check('Currency', record.defaultCurrency, '@default-currency');
  check('ActivityStatus', record.status, 'activity-status/@code');
  check('CollaborationType', record.collaborationType, 'collaboration-type/@code');
  check('FlowType', record.defaultFlowType, 'default-flow-type/@code');
  check('FinanceType', record.defaultFinanceType, 'default-finance-type/@code');
  check('TiedStatus', record.defaultTiedStatus, 'default-tied-status/@code');
  checkOrg(check, record.reportingOrg, 'reporting-org');
  record.defaultAidTypes.forEach((item, i) => checkCoded(check, 'AidTypeVocabulary', AID_TYPE_LISTS, item, `default-aid-type[${i + 1}]`));
  record.participatingOrgs.forEach((org, i) => {
    check('OrganisationRole', org.role, `participating-org[${i + 1}]/@role`);
    checkOrg(check, org, `participating-org[${i + 1}]`);
  });
  record.descriptions.forEach((d, i) => check('DescriptionType', d.type, `description[${i + 1}]/@type`));
  record.dates.forEach((d, i) => check('ActivityDateType', d.type, `activity-date[${i + 1}]/@type`));
  record.recipientCountries.forEach((c, i) => check('Country', c.code, `recipient-country[${i + 1}]/@code`));
  record.recipientRegions.forEach((r, i) => checkCoded(check, 'RegionVocabulary', REGION_LISTS, r, `recipient-region[${i + 1}]`));
  record.sectors.forEach((s, i) => checkCoded(check, 'SectorVocabulary', SECTOR_LISTS, s, `sector[${i + 1}]`));
  record.countryBudgetItems.forEach((item, i) =>
    checkCoded(check, 'BudgetIdentifierVocabulary', BUDGET_ITEM_LISTS, item, `country-budget-items/budget-item[${i + 1}]`),
  );
  record.conditions.forEach((c, i) => check('ConditionType', c.type, `conditions/condition[${i + 1}]/@type`));
  record.relatedActivities.forEach((r, i) => check('RelatedActivityType', r.type, `related-activity[${i + 1}]/@type`));
  // A location's codes only describe where; an unknown one is a warning, never a quarantine.
  const advise = checker(codelists, problems, false);
  record.locations.forEach((l, i) => {
    const field = `location[${i + 1}]`;
    advise('GeographicLocationReach', l.reach, `${field}/location-reach/@code`);
    advise('GeographicExactness', l.exactness, `${field}/exactness/@code`);
    advise('GeographicLocationClass', l.locationClass, `${field}/location-class/@code`);
    advise('LocationType', l.featureDesignation, `${field}/feature-designation/@code`);
    l.locationIds.forEach((id, j) => advise('GeographicVocabulary', id.vocabulary, `${field}/location-id[${j + 1}]/@vocabulary`));
    l.administrative.forEach((a, j) => advise('GeographicVocabulary', a.vocabulary, `${field}/administrative[${j + 1}]/@vocabulary`));
  });
  record.budgets.forEach((b, i) => {
    const field = `budget[${i + 1}]`;
    check('BudgetType', b.type, `${field}/@type`);
    check('BudgetStatus', b.status, `${field}/@status`);
    check('Currency', b.currency, `${field}/value/@currency`);
  });
  record.plannedDisbursements.forEach((p, i) => {
    const field = `planned-disbursement[${i + 1}]`;
    check('BudgetType', p.type, `${field}/@type`);
    check('Currency', p.currency, `${field}/value/@currency`);
    checkOrg(check, p.provider, `${field}/provider-org`);
    checkOrg(check, p.receiver, `${field}/receiver-org`);
  });
  record.transactions.forEach((t, i) => {
    const field = `transaction[${i + 1}]`;
    check('TransactionType', t.type, `${field}/transaction-type/@code`);
    check('Currency', t.currency, `${field}/value/@currency`);
    check('DisbursementChannel', t.disbursementChannel, `${field}/disbursement-channel/@code`);
    check('FinanceType', t.financeType, `${field}/finance-type/@code`);
    check('FlowType', t.flowType, `${field}/flow-type/@code`);
    check('TiedStatus', t.tiedStatus, `${field}/tied-status/@code`);
    check('Country', t.recipientCountry, `${field}/recipient-country/@code`);
    t.aidTypes.forEach((a, j) => checkCoded(check, 'AidTypeVocabulary', AID_TYPE_LISTS, a, `${field}/aid-type[${j + 1}]`));
    t.sectors.forEach((s, j) => checkCoded(check, 'SectorVocabulary', SECTOR_LISTS, s, `${field}/sector[${j + 1}]`));
    checkOrg(check, t.provider, `${field}/provider-org`);
    checkOrg(check, t.receiver, `${field}/receiver-org`);
  });
}
