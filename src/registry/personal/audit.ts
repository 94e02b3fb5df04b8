import DataLoader from 'dataloader';
import { Kind, print, visit, type ASTNode, type GraphQLResolveInfo } from 'graphql';
import { sql } from 'kysely';
import type { Viewer } from '../../auth/viewer.js';
import { kysely, type EntityManager } from '../../db/orm.js';

/** The longest query text kept in an audit entry (a query is not the data: this is plenty). */
const QUERY_LIMIT = 20_000;

export interface PersonalReadAudit {
  /** Resolves once the read of `field` of record `id` (of `type`) is written to the audit log. */
  record(type: string, id: number, field: string, info: GraphQLResolveInfo): Promise<void>;
}

/**
 * The audit log of personal reads, written before the data leaves: every personal field a
 * resolver is about to return waits for its entry. Reads until the next I/O turn are batched into one
 * entry (who, when, which fields of which records, which query), so a page of 50 people is one
 * row, not 300. If the entry cannot be written, the field fails: no unaudited read.
 */
export function personalReadAudit(em: EntityManager, viewer: Viewer): PersonalReadAudit {
  let operation: { name: string | null; text: string } | null = null;
  const loader = new DataLoader<string, true>(
    async (keys) => {
      const fields = new Set<string>();
      const records: Record<string, Set<number>> = {};
      for (const key of keys) {
        const [type = '', id = '', field = ''] = key.split('\u0000');
        fields.add(`${type}.${field}`);
        (records[type] ??= new Set()).add(Number(id));
      }
      const ids = Object.fromEntries(Object.entries(records).map(([type, set]) => [type, [...set].sort((a, b) => a - b)]));
      await sql`insert into reg_personal_read (subject, roles, operation, query, fields, records)
        values (${viewer.subject}, ${JSON.stringify(viewer.roles)}::jsonb, ${operation?.name ?? null}, ${operation?.text ?? ''},
          ${JSON.stringify([...fields].sort())}::jsonb, ${JSON.stringify(ids)}::jsonb)`.execute(kysely(em));
      return keys.map(() => true as const);
    },
    // Wait for the I/O turn: the fields of one page resolve over several microtask ticks.
    { cache: true, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return {
    async record(type, id, field, info) {
      operation ??= {
        name: info.operation.name?.value ?? null,
        text: [info.operation, ...Object.values(info.fragments)]
          .map((node) => print(redacted(node)))
          .join('\n')
          .slice(0, QUERY_LIMIT),
      };
      await loader.load([type, String(id), field].join('\u0000'));
    },
  };
}

/** A national ID written into the query itself is not kept in the log that records the query. */
export function redacted(node: ASTNode): ASTNode {
  const hide = (field: { name: { value: string }; value: { kind: Kind } }) =>
    field.name.value === 'nationalId' && field.value.kind === Kind.STRING
      ? { ...field, value: { kind: Kind.STRING, value: '[redacted]' } }
      : undefined;
  return visit(node, { Argument: hide, ObjectField: hide }) as ASTNode;
}
