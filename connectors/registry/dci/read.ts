import type { KeyObject } from 'node:crypto';
import type { RegistryPull } from '../types.js';
import { TokenSource, type OAuthConfig } from './auth.js';
import { startCallbackReceiver, type CallbackReceiver } from './callback.js';
import { DciClient, type SearchResult } from './client.js';
import type { DciRegistry, SearchCriteria } from './envelope.js';
import { normaliseRecords } from './normalise.js';
import { jwksKeys, staticKeys, toPrivateKey, type Jwks } from './signature.js';

/**
 * One incremental pull from a DCI registry (social registry or IBR): search everything changed
 * since the last watermark, sync (page by page) or async (results through the on-search callback),
 * and normalise it. DCI search reports no deletions, so `deleted` is always empty.
 */
export interface PullDciOptions {
  readonly baseUrl: string;
  readonly registry: DciRegistry;
  readonly mode: 'sync' | 'async';
  readonly senderId: string;
  readonly receiverId: string;
  /** Ed25519 private key (KeyObject or PEM). */
  readonly signingKey: KeyObject | string;
  /** The signing key's kid in the hub's JWKS. */
  readonly keyId: string;
  /** The registry's JWKS URL, or its keys given up front. */
  readonly registryJwksUrl?: string;
  readonly registryKeys?: Jwks;
  readonly oauth: OAuthConfig;
  /** The search criteria; default: every record changed since `since` (see defaultCriteria). */
  readonly query?: SearchCriteria;
  /** The previous watermark (ISO timestamp), null for a first, full pull. */
  readonly since: string | null;
  /** ISO date: later birth and enrolment dates are problems. */
  readonly today: string;
  /** ISO 3166 alpha-2 of the registry's programmes (IBR): DCI messages carry none. */
  readonly country?: string;
  readonly pageSize?: number;
  /** Async: where to receive on-search (a receiver is started on `port` and closed after). */
  readonly callback?: { readonly url?: string; readonly port?: number; readonly host?: string };
  /** Async: a receiver already running (the hub's own server); takes precedence over `callback`. */
  readonly receiver?: CallbackReceiver;
  /** Async: how long to wait for all results (default 60 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

const RESPONSE_ENTITY: Record<DciRegistry, string> = { social: 'Group', ibr: 'Beneficiary' };
/** social_api's reg_event_type enum is REGISTER | NewHouseHoldMember; ibr_api's is enrollement | enrollement_status_change (sic). */
const EVENT_TYPE: Record<DciRegistry, string> = { social: 'REGISTER', ibr: 'enrollement' };

/**
 * "Everything changed since": a `predicate` query (ExpPredicateWithConditionList, which the specs
 * give for "any updates … between" searches) on `last_updated ge since`; for a first pull, every
 * record registered up to now (`registration_date le now`), since records never updated may have
 * no last_updated. Sorted by last_updated so that pages do not shift under concurrent updates.
 */
export function defaultCriteria(registry: DciRegistry, since: string | null, now: Date): SearchCriteria {
  const expression1 =
    since === null
      ? { attribute_name: 'registration_date', operator: 'le', attribute_value: now.toISOString() }
      : { attribute_name: 'last_updated', operator: 'ge', attribute_value: since };
  return {
    reg_event_type: EVENT_TYPE[registry],
    query_type: 'predicate',
    response_entity: RESPONSE_ENTITY[registry],
    query: [{ seq_num: 1, expression1 }],
    sort: [{ attribute_name: 'last_updated', sort_order: 'asc' }],
  };
}

export async function pullDci(options: PullDciOptions): Promise<RegistryPull> {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const registryKeys = options.registryKeys
    ? staticKeys(options.registryKeys)
    : options.registryJwksUrl
      ? jwksKeys(options.registryJwksUrl, fetchImpl)
      : null;
  if (!registryKeys) throw new TypeError('pullDci needs registryJwksUrl or registryKeys to verify the registry');
  const client = new DciClient({
    baseUrl: options.baseUrl,
    registry: options.registry,
    senderId: options.senderId,
    receiverId: options.receiverId,
    signer: { key: toPrivateKey(options.signingKey), kid: options.keyId, senderId: options.senderId },
    registryKeys,
    tokens: new TokenSource(options.oauth, fetchImpl),
    fetch: fetchImpl,
    now,
  });
  const criteria = options.query ?? defaultCriteria(options.registry, options.since, now());
  const common = { ...(options.pageSize ? { pageSize: options.pageSize } : {}), ...(options.signal ? { signal: options.signal } : {}) };

  let result: SearchResult;
  if (options.mode === 'sync') {
    result = await client.syncSearch(criteria, common);
  } else {
    const own = options.receiver ? null : await startCallbackReceiver({ keys: registryKeys, ...options.callback });
    try {
      const receiver = options.receiver ?? (own as CallbackReceiver);
      result = await client.asyncSearch(criteria, { ...common, receiver, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    } finally {
      await own?.close();
    }
  }

  const recordType =
    result.pages.find((p) => p.regRecordType !== null)?.regRecordType ?? criteria.response_entity ?? RESPONSE_ENTITY[options.registry];
  const normalised = normaliseRecords(result.records, {
    registry: options.registry,
    recordType,
    today: options.today,
    ...(options.country ? { country: options.country } : {}),
  });
  const watermark = result.records.length === 0 ? null : (normalised.latest ?? result.requestedAt);
  return {
    changes: { batch: normalised.batch, deleted: { households: [], individuals: [], payments: [], grievances: [] }, watermark },
    problems: normalised.problems,
  };
}
