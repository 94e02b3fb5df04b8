import DataLoader from 'dataloader';
import { Kind, print, visit, type ASTNode, type GraphQLResolveInfo } from 'graphql';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Viewer } from '../../auth/viewer.js';
import type { EntityManager } from '../../db/orm.js';
import { registryDb, type RegistryDB } from '../db.js';
import { PERSON_FILTERS, type SearchTerms } from './search.js';

/** The longest query text kept in an audit entry (a query is not the data: this is plenty). */
const QUERY_LIMIT = 20_000;

export interface PersonalReadAudit {
  /** Resolves once the read of `field` of record `id` (of `type`) is written to the audit log. */
  record(type: string, id: number, field: string, info: GraphQLResolveInfo): Promise<void>;
  /**
   * Resolves once a search by personal attributes is written to the audit log: what it looked for
   * (`terms`, personal values hashed), the personal filters as fields (`Individual.filter.nationalId`)
   * and the records it found, whatever the query then selects of them.
   */
  search(type: string, personal: readonly string[], terms: SearchTerms, ids: readonly number[], info: GraphQLResolveInfo): Promise<void>;
}

/**
 * The audit log of personal reads, written before the data leaves: every personal field a
 * resolver is about to return waits for its entry. Reads until the next I/O turn are batched into one
 * entry (who, when, which fields of which records, which query), so a page of 50 people is one
 * row, not 300. If the entry cannot be written, the field fails: no unaudited read.
 */
export function personalReadAudit(em: EntityManager, viewer: Viewer): PersonalReadAudit {
  let operation: Operation | null = null;
  const db = registryDb(em);
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
      await insertRead(db, viewer, operation, [...fields].sort(), ids, null);
      return keys.map(() => true as const);
    },
    // Wait for the I/O turn: the fields of one page resolve over several microtask ticks.
    { cache: true, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  return {
    async record(type, id, field, info) {
      operation ??= operationOf(info);
      await loader.load([type, String(id), field].join('\u0000'));
    },
    async search(type, personal, terms, ids, info) {
      const fields = personal.map((filter) => `${type}.${filter}`);
      await insertRead(db, viewer, operationOf(info), fields, { [type]: [...ids].sort((a, b) => a - b) }, terms);
    },
  };
}

interface Operation {
  readonly name: string | null;
  readonly text: string;
}

function operationOf(info: GraphQLResolveInfo): Operation {
  return {
    name: info.operation.name?.value ?? null,
    text: [info.operation, ...Object.values(info.fragments)]
      .map((node) => print(redacted(node)))
      .join('\n')
      .slice(0, QUERY_LIMIT),
  };
}

/** A value as a jsonb parameter (the driver would send an array as a PostgreSQL array). */
function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}

async function insertRead(
  db: Kysely<RegistryDB>,
  viewer: Viewer,
  operation: Operation | null,
  fields: readonly string[],
  records: Record<string, number[]>,
  search: SearchTerms | null,
): Promise<void> {
  await db
    .insertInto('reg_personal_read')
    .values({
      subject: viewer.subject,
      roles: jsonb([...viewer.roles]),
      operation: operation?.name ?? null,
      query: operation?.text ?? '',
      fields: jsonb([...fields]),
      records: jsonb(records),
      search: search === null ? null : jsonb(search),
    })
    .execute();
}

const PERSONAL_ARGUMENTS = new Set<string>([...PERSON_FILTERS, 'area']);

/** A national ID, name, phone, birth date or area written into the query itself is not kept in the log that records the query. */
export function redacted(node: ASTNode): ASTNode {
  const hide = (field: { name: { value: string }; value: { kind: Kind } }) =>
    PERSONAL_ARGUMENTS.has(field.name.value) && field.value.kind === Kind.STRING
      ? { ...field, value: { kind: Kind.STRING, value: '[redacted]' } }
      : undefined;
  return visit(node, { Argument: hide, ObjectField: hide }) as ASTNode;
}
