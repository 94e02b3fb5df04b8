import { attr, child, children, text, type XNode } from './xml-node.js';
import { decimal, exactDecimal, isoDate, type Problems } from './problems.js';
import { V1_ORGANISATION_TYPE, V1_SECTOR_VOCABULARY } from './v1-codes.js';
import type { CodeRef, Narrative, OrgRef, Sector } from './types.js';

/** What every part of one activity's normalisation needs to know. */
export interface Context {
  /** The activity follows 1.0x rules (text codes, `@ref` for codes in early drafts). */
  readonly v1: boolean;
  readonly lang: string | null;
  readonly currency: string | null;
  readonly problems: Problems;
}

/** Narratives of an element: 2.0x `<narrative>` children, or the element's own text (1.0x). */
export function narratives(node: XNode | undefined, ctx: Context): Narrative[] {
  if (!node) return [];
  const parts = children(node, 'narrative');
  const items = parts.length > 0 ? parts : [node];
  const result: Narrative[] = [];
  for (const item of items) {
    const value = text(item);
    if (value) result.push({ lang: attr(item, 'xml:lang') ?? ctx.lang, text: value });
  }
  return result;
}

export function firstText(node: XNode | undefined, ctx: Context): string | null {
  return narratives(node, ctx)[0]?.text ?? null;
}

/**
 * A coded attribute, translated from 1.0x where the table knows it. Early 1.0 drafts put the
 * code in `@ref`, so that is read when `@code` is absent in a 1.0x activity.
 */
export function codeOf(
  node: XNode | undefined,
  field: string,
  ctx: Context,
  table?: Readonly<Record<string, string>>,
  attribute = 'code',
): string | null {
  const raw = attr(node, attribute) ?? (ctx.v1 && attribute === 'code' ? attr(node, 'ref') : null);
  return translate(raw, `${field}/@${attribute}`, ctx, table);
}

export function translate(raw: string | null, field: string, ctx: Context, table?: Readonly<Record<string, string>>): string | null {
  if (raw === null || !table) return raw;
  const mapped = table[raw.toLowerCase()];
  if (mapped === undefined || mapped === raw) return raw;
  ctx.problems.warn('V1_CODE_TRANSLATED', field, `1.0x code "${raw}" read as 2.0x code ${mapped}`);
  return mapped;
}

/** IATI identifiers and refs are short; anything longer is not one (and would not fit an index). */
export const MAX_REF_CHARS = 500;

/** A ref attribute, dropped with a warning when it is too long to be an identifier. */
export function refOf(node: XNode | undefined, field: string, ctx: Context, attribute = 'ref'): string | null {
  const ref = attr(node, attribute);
  if (ref === null || ref.length <= MAX_REF_CHARS) return ref;
  ctx.problems.warn(
    'INVALID_VALUE',
    `${field}/@${attribute}`,
    `${attribute} is ${ref.length} characters long, more than an identifier can be; ignored`,
  );
  return null;
}

export function org(node: XNode | undefined, field: string, ctx: Context, activityIdAttr: string): OrgRef | null {
  if (!node) return null;
  const result: OrgRef = {
    ref: refOf(node, field, ctx),
    type: codeOf(node, field, ctx, V1_ORGANISATION_TYPE, 'type'),
    name: firstText(node, ctx),
    activityId: refOf(node, field, ctx, activityIdAttr),
  };
  return result.ref || result.name || result.activityId ? result : null;
}

export function percentage(node: XNode, field: string, ctx: Context): string | null {
  const raw = attr(node, 'percentage');
  if (raw === null) return null;
  const value = decimal(raw);
  if (value === null || Number(value) < 0 || Number(value) > 100) {
    ctx.problems.error('INVALID_VALUE', `${field}/@percentage`, `percentage "${raw}" is not a number from 0 to 100`);
    return null;
  }
  return value;
}

/** Sectors at activity or transaction level; the vocabulary defaults to 1 (DAC 5-digit). */
export function sectors(parent: XNode, prefix: string, ctx: Context): Sector[] {
  const result: Sector[] = [];
  children(parent, 'sector').forEach((node, index) => {
    const field = `${prefix}sector[${index + 1}]`;
    const rawVocabulary = attr(node, 'vocabulary') ?? (ctx.v1 ? attr(node, 'type') : null);
    const vocabulary = translate(rawVocabulary, `${field}/@vocabulary`, ctx, V1_SECTOR_VOCABULARY) ?? '1';
    const code = codeOf(node, field, ctx);
    const name = firstText(node, ctx);
    if (code !== null) {
      result.push({ vocabulary, code, percentage: percentage(node, field, ctx), name });
    } else if (ctx.v1) {
      // 1.0x allowed a reporting organisation's sector given by name only.
      ctx.problems.warn('MISSING_FIELD', `${field}/@code`, `sector "${name ?? ''}" has no code; ignored`);
    } else {
      ctx.problems.error('MISSING_FIELD', `${field}/@code`, 'sector has no code');
    }
  });
  return result;
}

/** `aid-type` / `default-aid-type` elements, each with a vocabulary (default 1). */
export function aidTypes(parent: XNode, name: string, prefix: string, ctx: Context): CodeRef[] {
  const result: CodeRef[] = [];
  children(parent, name).forEach((node, index) => {
    const code = codeOf(node, `${prefix}${name}[${index + 1}]`, ctx);
    if (code) result.push({ vocabulary: attr(node, 'vocabulary') ?? '1', code });
  });
  return result;
}

/**
 * A date from `@iso-date`; 1.0x files sometimes misspell it `@iso_date` or give the date as
 * the element's text.
 */
export function dateOf(node: XNode | undefined, field: string, ctx: Context, required: boolean): string | null {
  const raw = attr(node, 'iso-date') ?? (ctx.v1 ? (attr(node, 'iso_date') ?? text(node)) : null);
  if (raw === null) {
    if (required) ctx.problems.error('MISSING_FIELD', `${field}/@iso-date`, node ? 'date has no iso-date' : 'element is missing');
    return null;
  }
  const value = isoDate(raw);
  if (value === null) ctx.problems.error('INVALID_DATE', `${field}/@iso-date`, `"${raw}" is not a calendar date (YYYY-MM-DD)`);
  return value;
}

export interface Money {
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
}

/** A `<value>` with its currency (its own, else the activity default) and value-date. */
export function money(parent: XNode, field: string, ctx: Context): Money | null {
  const node = child(parent, 'value');
  const valueField = `${field}/value`;
  const raw = text(node);
  if (!node || raw === null) {
    ctx.problems.error('MISSING_FIELD', valueField, 'no value');
    return null;
  }
  const exact = exactDecimal(raw);
  if (exact === null) {
    ctx.problems.error('INVALID_VALUE', valueField, `"${raw}" is not a decimal number`);
    return null;
  }
  if (exact.usedExponent)
    ctx.problems.warn('EXPONENT_NOTATION', valueField, `"${raw}" is in exponent notation; read exactly as ${exact.value}`);
  const { value } = exact;
  const currency = attr(node, 'currency') ?? ctx.currency;
  if (currency === null) {
    ctx.problems.error('MISSING_FIELD', `${valueField}/@currency`, 'no currency on the value and no default-currency on the activity');
    return null;
  }
  const rawDate = attr(node, 'value-date');
  const valueDate = rawDate === null ? null : isoDate(rawDate);
  if (rawDate !== null && valueDate === null) {
    ctx.problems.error('INVALID_DATE', `${valueField}/@value-date`, `"${rawDate}" is not a calendar date (YYYY-MM-DD)`);
  }
  return { value, currency: currency.toUpperCase(), valueDate };
}
