import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Selectable } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { mappingsDir } from '../../paths.js';
import { mappingDb, type MappingDB } from '../db.js';
import { recordChanges } from '../rules/history.js';
import { MappingRejected } from '../rules/rejected.js';
import { ALIGNMENT_DIMENSIONS, type ChangeNote, type MappingProblem } from '../types.js';
import {
  knownCodesFromCodelists,
  parseAlignmentRules,
  parseRuleFields,
  RULE_COLUMNS,
  type AlignmentRule,
  type RuleFields,
} from './rules.js';
import { writeCsv } from '../../../connectors/formats/csv.js';

const DEFAULT_RULES = path.join(mappingsDir, 'alignment', 'rules.csv');

/** An alignment rule as stored (the sheet's columns and where it came from). */
type StoredAlignmentRule = Pick<
  Selectable<MappingDB['map_alignment_rule']>,
  'id' | 'priority' | 'dimension' | 'condition' | 'value' | 'reason' | 'origin'
>;

async function known() {
  return knownCodesFromCodelists(await readFile(path.join(mappingsDir, 'iati-codelists', 'items.csv'), 'utf8'));
}

export async function storedAlignmentRules(em: EntityManager): Promise<StoredAlignmentRule[]> {
  return mappingDb(em)
    .selectFrom('map_alignment_rule')
    .select(['id', 'priority', 'dimension', 'condition', 'value', 'reason', 'origin'])
    .orderBy('seq')
    .execute();
}

const VALUE_TEXT = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');

/** The rule set as the CSV sheet it is edited as. */
export function alignmentRulesCsv(rules: readonly StoredAlignmentRule[]): string {
  return writeCsv(
    rules.map((r) => [r.id, r.priority, r.dimension, r.condition, VALUE_TEXT(r.value), r.reason]),
    RULE_COLUMNS,
  );
}

/** The rules applying reads (stored rules were checked when written; a problem here is a bug). */
export async function loadAlignmentRules(em: EntityManager): Promise<AlignmentRule[]> {
  const problems: MappingProblem[] = [];
  const codes = await known();
  const rules = (await storedAlignmentRules(em)).flatMap((stored, i) => {
    const fields: RuleFields = { ...stored, priority: String(stored.priority), value: VALUE_TEXT(stored.value) };
    const rule = parseRuleFields(fields, i + 2, codes, (row, field, code, message) => problems.push({ row, field, code, message }));
    return rule ? [rule] : [];
  });
  if (problems.length > 0) throw new MappingRejected(problems, 'the stored alignment rules');
  return rules;
}

/**
 * Replaces the whole rule set with the rules of a CSV sheet, if it has no problem; the history
 * keeps the set before and after. Returns whether anything changed.
 */
export async function replaceAlignmentRules(em: EntityManager, csv: string, origin: string, note: ChangeNote): Promise<boolean> {
  const parsed = parseAlignmentRules(csv, await known());
  if (parsed.problems.length > 0) throw new MappingRejected(parsed.problems, 'the alignment rules');
  const before = await storedAlignmentRules(em);
  const table = parsed.rules
    .slice()
    .sort((a, b) => a.row - b.row)
    .map(rowOf);
  const after = alignmentRulesCsv(table.map((r) => ({ ...r, origin })));
  if (alignmentRulesCsv(before) === after) return false;
  const db = mappingDb(em);
  await db.deleteFrom('map_alignment_rule').execute();
  // One jsonb array for the whole set (the fast bulk write): a shape the builder cannot say.
  await sql`insert into map_alignment_rule (id, seq, priority, dimension, condition, value, reason, origin, changed_by)
    select r->>'id', (r->>'seq')::int, (r->>'priority')::int, r->>'dimension', r->>'condition', (r->>'value')::boolean, r->>'reason', ${origin}, ${note.by}
    from jsonb_array_elements(${JSON.stringify(table.map((r, seq) => ({ ...r, seq })))}::jsonb) as r`.execute(db);
  await recordChanges(
    em,
    [
      {
        subject: 'alignment-rule',
        key: 'rules',
        operation: before.length ? 'update' : 'create',
        version: null,
        before: { csv: alignmentRulesCsv(before) },
        after: { csv: after },
      },
    ],
    note,
    null,
  );
  return true;
}

/** A parsed rule written back as sheet text (the form stored and shown). */
function rowOf(rule: AlignmentRule): Omit<StoredAlignmentRule, 'origin'> {
  const dimension = rule.dimensions.length === ALIGNMENT_DIMENSIONS.length ? '*' : rule.dimensions.join('|');
  const condition =
    rule.condition.length === 0
      ? '*'
      : rule.condition
          .map((c) => ('value' in c ? `${c.fact} ${c.op} ${c.value}` : `${c.fact} ${c.op} ${c.values.join('|')}`))
          .join(' and ');
  return { id: rule.id, priority: rule.priority, dimension, condition, value: rule.value, reason: rule.reason };
}

/** Loads the shipped rules unless an administrator has replaced them. */
export async function loadDefaultAlignmentRules(em: EntityManager, by: string): Promise<boolean> {
  const edited = await mappingDb(em)
    .selectFrom('map_alignment_rule')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('origin', '<>', 'default')
    .executeTakeFirstOrThrow();
  if (edited.n > 0) return false;
  return replaceAlignmentRules(em, await readFile(DEFAULT_RULES, 'utf8'), 'default', {
    by,
    reason: 'default rules mappings/alignment/rules.csv (see mappings/alignment/SOURCES.md)',
  });
}
