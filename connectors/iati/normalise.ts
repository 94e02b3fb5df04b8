import { attr, child, children, prefixedAttr, text, type XNode } from './xml-node.js';
import { decimal, flag, isoDateTime, Problems } from './problems.js';
import {
  aidTypes,
  codeOf,
  dateOf,
  firstText,
  MAX_REF_CHARS,
  narratives,
  org,
  percentage,
  refOf,
  sectors,
  translate,
  type Context,
} from './normalise-parts.js';
import { budgets, plannedDisbursements, transactions } from './normalise-money.js';
import { locations } from './normalise-location.js';
import { V1_ACTIVITY_DATE_TYPE, V1_ACTIVITY_STATUS, V1_DESCRIPTION_TYPE, V1_ORGANISATION_ROLE, V1_REGION_VOCABULARY } from './v1-codes.js';
import type { ActivityDate, ActivityRecord, Condition, CountryBudgetItem, ParticipatingOrg, RelatedActivity } from './types.js';

export interface NormaliseResult {
  /** Null only when the activity is too broken to describe (no identifier at all). */
  readonly record: ActivityRecord | null;
  readonly problems: Problems;
}

/** The version that applies: the activity's own (d-portal exports carry one) over the file's. */
export function activityVersion(node: XNode, fileVersion: string | null): Pick<ActivityRecord, 'version' | 'versionSource'> {
  const own = prefixedAttr(node, 'version') ?? attr(node, 'version');
  if (own) return { version: own, versionSource: 'activity' };
  if (fileVersion) return { version: fileVersion, versionSource: 'file' };
  return { version: '1.0', versionSource: 'assumed' };
}

export function isV1(version: string): boolean {
  return version.startsWith('1.');
}

/** Versions before 1.01 did not require an iati-identifier. */
function isPre101(version: string): boolean {
  return version === '1.0' || version === '1.00' || version === '1';
}

function identifierOf(node: XNode, version: string, ctx: Context): { identifier: string | null; synthesized: boolean } {
  const own = text(child(node, 'iati-identifier'));
  if (own && own.length > MAX_REF_CHARS) {
    ctx.problems.error(
      'INVALID_VALUE',
      'iati-identifier',
      `iati-identifier is ${own.length} characters long; an identifier has at most ${MAX_REF_CHARS}`,
    );
    return { identifier: null, synthesized: false };
  }
  if (own) return { identifier: own, synthesized: false };
  const other = child(node, 'other-identifier');
  const otherId = text(other) ?? attr(other, 'ref');
  const reporting = child(node, 'reporting-org');
  const owner = attr(reporting, 'ref') ?? text(reporting);
  if (isPre101(version) && otherId && owner) {
    const identifier = `${owner.replace(/\s+/g, '-')}-${otherId}`;
    ctx.problems.warn(
      'IDENTIFIER_SYNTHESIZED',
      'iati-identifier',
      `no iati-identifier (not required before 1.01); "${identifier}" built from reporting-org and other-identifier`,
    );
    return { identifier, synthesized: true };
  }
  ctx.problems.error('MISSING_FIELD', 'iati-identifier', 'activity has no iati-identifier');
  return { identifier: null, synthesized: false };
}

function participatingOrgs(node: XNode, ctx: Context): ParticipatingOrg[] {
  return children(node, 'participating-org').map((item, index) => {
    const field = `participating-org[${index + 1}]`;
    const rawRole = attr(item, 'role');
    let role = translate(rawRole, `${field}/@role`, ctx, V1_ORGANISATION_ROLE);
    if (role === null) {
      ctx.problems.error('MISSING_FIELD', `${field}/@role`, 'participating-org has no role');
    } else if (ctx.v1 && !/^\d+$/.test(role)) {
      ctx.problems.warn('UNKNOWN_CODE', `${field}/@role`, `1.0x role "${role}" has no 2.0x equivalent; kept without a role`);
      role = null;
    }
    const base = org(item, field, ctx, 'activity-id');
    return {
      ref: base?.ref ?? null,
      type: base?.type ?? null,
      name: base?.name ?? null,
      activityId: base?.activityId ?? null,
      role,
      crsChannelCode: attr(item, 'crs-channel-code'),
    };
  });
}

function activityDates(node: XNode, ctx: Context): ActivityDate[] {
  const result: ActivityDate[] = [];
  children(node, 'activity-date').forEach((item, index) => {
    const field = `activity-date[${index + 1}]`;
    const type = codeOf(item, field, ctx, V1_ACTIVITY_DATE_TYPE, 'type');
    const date = dateOf(item, field, ctx, true);
    if (type === null) ctx.problems.error('MISSING_FIELD', `${field}/@type`, 'activity-date has no type');
    if (type !== null && date !== null) result.push({ type, date });
  });
  return result;
}

function countryBudgetItems(node: XNode, ctx: Context): CountryBudgetItem[] {
  const result: CountryBudgetItem[] = [];
  children(node, 'country-budget-items').forEach((group, g) => {
    const vocabulary = attr(group, 'vocabulary');
    if (vocabulary === null)
      ctx.problems.error('MISSING_FIELD', `country-budget-items[${g + 1}]/@vocabulary`, 'country-budget-items has no vocabulary');
    children(group, 'budget-item').forEach((item, i) => {
      const field = `country-budget-items[${g + 1}]/budget-item[${i + 1}]`;
      const code = attr(item, 'code');
      if (code === null) ctx.problems.error('MISSING_FIELD', `${field}/@code`, 'budget-item has no code');
      else
        result.push({
          vocabulary: vocabulary ?? '',
          code,
          percentage: percentage(item, field, ctx),
          description: firstText(child(item, 'description'), ctx),
        });
    });
  });
  return result;
}

function conditions(node: XNode, ctx: Context): { attached: boolean | null; items: Condition[] } {
  const group = child(node, 'conditions');
  const items: Condition[] = [];
  children(group, 'condition').forEach((item, index) => {
    const type = attr(item, 'type');
    if (type === null && !ctx.v1) ctx.problems.error('MISSING_FIELD', `conditions/condition[${index + 1}]/@type`, 'condition has no type');
    items.push({ type: type ?? '', text: firstText(item, ctx) });
  });
  return { attached: flag(attr(group, 'attached')), items };
}

function relatedActivities(node: XNode, ctx: Context): RelatedActivity[] {
  const result: RelatedActivity[] = [];
  children(node, 'related-activity').forEach((item, index) => {
    const ref = refOf(item, `related-activity[${index + 1}]`, ctx);
    if (ref === null) ctx.problems.warn('MISSING_FIELD', `related-activity[${index + 1}]/@ref`, 'related-activity has no ref; ignored');
    else result.push({ type: attr(item, 'type'), ref });
  });
  return result;
}

function capitalSpend(node: XNode, ctx: Context): string | null {
  const raw = attr(child(node, 'capital-spend'), 'percentage');
  if (raw === null) return null;
  const value = decimal(raw);
  if (value === null) ctx.problems.error('INVALID_VALUE', 'capital-spend/@percentage', `"${raw}" is not a decimal number`);
  return value;
}

function lastUpdated(node: XNode, ctx: Context): string | null {
  const raw = attr(node, 'last-updated-datetime');
  if (raw === null) return null;
  const value = isoDateTime(raw);
  if (value === null) ctx.problems.warn('INVALID_DATE', '@last-updated-datetime', `"${raw}" is not an ISO date-time; ignored`);
  return value;
}

/** Turns one parsed `<iati-activity>` into the version-independent record, collecting problems. */
export function normaliseActivity(node: XNode, fileVersion: string | null): NormaliseResult {
  const problems = new Problems();
  const { version, versionSource } = activityVersion(node, fileVersion);
  const v1 = isV1(version);
  const defaultCurrency = attr(node, 'default-currency')?.toUpperCase() ?? null;
  const ctx: Context = { v1, lang: attr(node, 'xml:lang'), currency: defaultCurrency, problems };
  const { identifier, synthesized } = identifierOf(node, version, ctx);
  const reportingNode = child(node, 'reporting-org');
  const reporting = org(reportingNode, 'reporting-org', ctx, 'activity-id');
  if (!reporting?.ref && !reporting?.name) problems.error('MISSING_FIELD', 'reporting-org', 'activity has no reporting-org ref or name');
  if (identifier === null) return { record: null, problems };
  const hierarchy = attr(node, 'hierarchy');
  const condition = conditions(node, ctx);
  const record: ActivityRecord = {
    identifier,
    identifierSynthesized: synthesized,
    version,
    versionSource,
    lastUpdated: lastUpdated(node, ctx),
    defaultLang: ctx.lang,
    defaultCurrency,
    hierarchy: hierarchy !== null && /^\d+$/.test(hierarchy) ? Number(hierarchy) : null,
    humanitarian: flag(attr(node, 'humanitarian')),
    reportingOrg: {
      ref: reporting?.ref ?? null,
      type: reporting?.type ?? null,
      name: reporting?.name ?? null,
      activityId: null,
      secondaryReporter: flag(attr(reportingNode, 'secondary-reporter')) ?? false,
    },
    participatingOrgs: participatingOrgs(node, ctx),
    titles: children(node, 'title').flatMap((title) => narratives(title, ctx)),
    descriptions: children(node, 'description').map((item, index) => ({
      type: codeOf(item, `description[${index + 1}]`, ctx, V1_DESCRIPTION_TYPE, 'type'),
      narratives: narratives(item, ctx),
    })),
    status: codeOf(child(node, 'activity-status'), 'activity-status', ctx, V1_ACTIVITY_STATUS),
    dates: activityDates(node, ctx),
    recipientCountries: children(node, 'recipient-country').flatMap((item, index) => {
      const code = codeOf(item, `recipient-country[${index + 1}]`, ctx);
      if (code === null) return [];
      return [{ code: code.toUpperCase(), percentage: percentage(item, `recipient-country[${index + 1}]`, ctx) }];
    }),
    recipientRegions: children(node, 'recipient-region').flatMap((item, index) => {
      const field = `recipient-region[${index + 1}]`;
      const code = codeOf(item, field, ctx);
      if (code === null) return [];
      const vocabulary = translate(attr(item, 'vocabulary'), `${field}/@vocabulary`, ctx, V1_REGION_VOCABULARY) ?? '1';
      return [{ vocabulary, code, percentage: percentage(item, field, ctx) }];
    }),
    sectors: sectors(node, '', ctx),
    collaborationType: codeOf(child(node, 'collaboration-type'), 'collaboration-type', ctx),
    // 1.0 drafts named these without the "default-" prefix.
    defaultFlowType: codeOf(child(node, 'default-flow-type') ?? (v1 ? child(node, 'flow-type') : undefined), 'default-flow-type', ctx),
    defaultFinanceType: codeOf(
      child(node, 'default-finance-type') ?? (v1 ? child(node, 'finance-type') : undefined),
      'default-finance-type',
      ctx,
    ),
    defaultAidTypes: aidTypes(node, 'default-aid-type', '', ctx),
    defaultTiedStatus: codeOf(
      child(node, 'default-tied-status') ?? (v1 ? child(node, 'tied-status') : undefined),
      'default-tied-status',
      ctx,
    ),
    countryBudgetItems: countryBudgetItems(node, ctx),
    capitalSpend: capitalSpend(node, ctx),
    conditionsAttached: condition.attached,
    conditions: condition.items,
    relatedActivities: relatedActivities(node, ctx),
    locations: locations(node, ctx),
    transactions: transactions(node, ctx),
    budgets: budgets(node, ctx),
    plannedDisbursements: plannedDisbursements(node, ctx),
    warnings: problems.warnings,
  };
  return { record, problems };
}
