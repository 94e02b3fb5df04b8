import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb } from '../db.js';
import type { ChangeNote } from '../types.js';

export interface ChangeRecord {
  readonly subject: 'rule' | 'alignment-rule' | 'alignment-override' | 'national-entity';
  readonly key: string;
  readonly operation: 'create' | 'update' | 'retire' | 'remove';
  readonly version: number | null;
  readonly before: object | null;
  readonly after: object | null;
}

/** Appends changes to the audit trail (`map_change`): never updated, never deleted. */
export async function recordChanges(
  em: EntityManager,
  changes: readonly ChangeRecord[],
  note: ChangeNote,
  batch: string | null,
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => [c.subject, c.key, c.operation, c.version, c.before, c.after]);
  await sql`insert into map_change (subject, subject_key, operation, version, before, after, changed_by, reason, batch)
    select r->>0, r->>1, r->>2, (r->>3)::int, r->4, r->5, ${note.by}, ${note.reason}, ${batch}
    from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as r`.execute(mappingDb(em));
}
