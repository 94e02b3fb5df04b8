import type { CodeRef } from '../../connectors/iati/types.js';
import type {
  CountryBudgetItemRow,
  OrgColumns,
  ParticipatingOrgRow,
  RecipientCountryRow,
  RecipientRegionRow,
  RelatedActivityRow,
  SectorRow,
} from './rows.js';
import { codeOf, type Code } from './types/code.type.js';
import {
  SectorLevel,
  type CountryBudgetItem,
  type OrgReference,
  type ParticipatingOrg,
  type RecipientCountry,
  type RecipientRegion,
  type RelatedActivity,
  type Sector,
} from './types/activity.type.js';

/**
 * Rows → graph objects. A code whose vocabulary has no IATI codelist is named after the
 * vocabulary (e.g. `SectorVocabulary-99`), so it carries no name but keeps its meaning.
 */
const SECTOR_LISTS: Readonly<Record<string, string>> = { '1': 'Sector', '2': 'SectorCategory', '7': 'UNSDG-Goals', '8': 'UNSDG-Targets' };
const REGION_LISTS: Readonly<Record<string, string>> = { '1': 'Region' };
const BUDGET_ITEM_LISTS: Readonly<Record<string, string>> = { '1': 'BudgetIdentifier' };
const AID_TYPE_LISTS: Readonly<Record<string, string>> = { '1': 'AidType' };

function vocabularyCode(lists: Readonly<Record<string, string>>, vocabularyList: string, vocabulary: string, code: string): Code {
  return { codelist: lists[vocabulary] ?? `${vocabularyList}-${vocabulary}`, code };
}

export function aidTypeCodes(items: readonly CodeRef[]): Code[] {
  return items.map((a) => vocabularyCode(AID_TYPE_LISTS, 'AidTypeVocabulary', a.vocabulary, a.code));
}

export function orgReference(columns: OrgColumns): OrgReference | null {
  if (!columns.ref && !columns.name && !columns.activityId) return null;
  return {
    ref: columns.ref,
    name: columns.name,
    type: codeOf('OrganisationType', columns.type),
    activityId: columns.activityId,
    key: columns.key ?? columns.ref,
  };
}

export function participatingOrg(row: ParticipatingOrgRow): ParticipatingOrg {
  return {
    ref: row.ref,
    name: row.name,
    type: codeOf('OrganisationType', row.type),
    activityId: row.activityId,
    key: row.orgKey,
    role: codeOf('OrganisationRole', row.role),
    crsChannelCode: row.crsChannelCode,
  };
}

export function recipientCountry(row: RecipientCountryRow): RecipientCountry {
  return { country: { codelist: 'Country', code: row.code }, percentage: row.percentage };
}

export function recipientRegion(row: RecipientRegionRow): RecipientRegion {
  return {
    region: vocabularyCode(REGION_LISTS, 'RegionVocabulary', row.vocabulary, row.code),
    vocabulary: { codelist: 'RegionVocabulary', code: row.vocabulary },
    percentage: row.percentage,
  };
}

export function sector(row: SectorRow): Sector {
  return {
    vocabulary: { codelist: 'SectorVocabulary', code: row.vocabulary },
    code: vocabularyCode(SECTOR_LISTS, 'SectorVocabulary', row.vocabulary, row.code),
    percentage: row.percentage,
    level: row.transactionId === null ? SectorLevel.ACTIVITY : SectorLevel.TRANSACTION,
    narrative: row.name,
  };
}

export function countryBudgetItem(row: CountryBudgetItemRow): CountryBudgetItem {
  return {
    vocabulary: { codelist: 'BudgetIdentifierVocabulary', code: row.vocabulary },
    code: vocabularyCode(BUDGET_ITEM_LISTS, 'BudgetIdentifierVocabulary', row.vocabulary, row.code),
    percentage: row.percentage,
    description: row.description,
  };
}

export function relatedActivity(row: RelatedActivityRow): RelatedActivity {
  return { type: codeOf('RelatedActivityType', row.type), ref: row.ref };
}
