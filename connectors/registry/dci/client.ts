import { randomUUID } from 'node:crypto';
import type { TokenSource } from './auth.js';
import type { CallbackEvent, CallbackReceiver } from './callback.js';
import {
  buildSearchRequest,
  pageCount,
  parseAck,
  parseSearchResponse,
  type DciRegistry,
  type SearchCriteria,
  type SearchResponseEnvelope,
} from './envelope.js';
import { DciError } from './errors.js';
import { postSigned, type RegistryEndpoint } from './post.js';
import { verifyEnvelope, type KeyResolver, type Signer } from './signature.js';

/**
 * The hub as a DCI client of one registry: signed search requests with a bearer token, signed
 * answers verified against the registry's published keys, results gathered page by page.
 */
export interface DciClientConfig {
  readonly baseUrl: string;
  readonly registry: DciRegistry;
  readonly senderId: string;
  readonly receiverId: string;
  readonly signer: Signer;
  readonly registryKeys: KeyResolver;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

export interface SearchPage {
  readonly pageNumber: number;
  readonly pageSize: number | null;
  readonly totalCount: number | null;
  readonly regType: string | null;
  readonly regRecordType: string | null;
  readonly records: unknown[];
  readonly messageTs: string;
}

export interface SearchResult {
  readonly transactionId: string;
  /** When the search was sent (ISO). */
  readonly requestedAt: string;
  /** Pages in page order. */
  readonly pages: SearchPage[];
  /** Every record of every page, in page order. */
  readonly records: unknown[];
}

export interface SyncSearchOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface AsyncSearchOptions extends SyncSearchOptions {
  readonly receiver: CallbackReceiver;
  /** How long to wait for every page after the registry acknowledged (default 60 s). */
  readonly timeoutMs?: number;
}

const DEFAULT_PAGE_SIZE = 500;

export class DciClient {
  private readonly now: () => Date;
  private readonly endpoint: RegistryEndpoint;

  constructor(private readonly config: DciClientConfig) {
    this.now = config.now ?? (() => new Date());
    this.endpoint = { baseUrl: config.baseUrl, signer: config.signer, tokens: config.tokens, fetch: config.fetch ?? fetch, now: this.now };
  }

  /** POST `/registry/sync/search` page after page until total_count records have come. */
  async syncSearch(criteria: SearchCriteria, options: SyncSearchOptions = {}): Promise<SearchResult> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const transactionId = randomUUID();
    const requestedAt = this.now().toISOString();
    const pages: SearchPage[] = [];
    let received = 0;
    for (let number = 1; ; number++) {
      options.signal?.throwIfAborted();
      const referenceId = randomUUID();
      const request = buildSearchRequest({
        ...this.parties(),
        transactionId,
        referenceId,
        criteria,
        pagination: { page_size: pageSize, page_number: number },
        now: this.now(),
      });
      const source = `dci:${this.config.registry} /registry/sync/search page ${number}`;
      const json = await postSigned(this.endpoint, '/registry/sync/search', request, source, options.signal);
      await verifyEnvelope(json, this.config.registryKeys, source, this.now());
      const page = this.readPage(parseSearchResponse(json, source), source, transactionId, referenceId);
      if (page === null) throw new DciError('INVALID_MESSAGE', `${source}: a sync search answered without results`, { file: source });
      pages.push(page);
      received += page.records.length;
      const total = page.totalCount;
      if (total === null || received >= total) break;
      if (page.records.length === 0) {
        throw new DciError('INVALID_MESSAGE', `${source}: an empty page after ${received} of ${total} records`, {
          file: source,
          field: 'pagination.total_count',
        });
      }
      if (number >= pageCount(total, pageSize)) {
        throw new DciError('INVALID_MESSAGE', `${source}: ${received} of ${total} records after the last page`, {
          file: source,
          field: 'pagination.total_count',
        });
      }
    }
    return { transactionId, requestedAt, pages, records: pages.flatMap((p) => p.records) };
  }

  /**
   * POST `/registry/search`; the registry acknowledges, then POSTs the results (one message per
   * page) to the receiver's URL. Resolves when total_count records have come.
   */
  async asyncSearch(criteria: SearchCriteria, options: AsyncSearchOptions): Promise<SearchResult> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const transactionId = randomUUID();
    const referenceId = randomUUID();
    const requestedAt = this.now().toISOString();
    const source = `dci:${this.config.registry} /registry/on-search`;
    const pages = new Map<number, SearchPage>();
    const { signal } = options;
    signal?.throwIfAborted();

    return new Promise<SearchResult>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, result?: SearchResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stop();
        signal?.removeEventListener('abort', onAbort);
        if (result) resolve(result);
        else reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onAbort = (): void => finish(signal?.reason);
      const timeoutMs = options.timeoutMs ?? 60_000;
      const timer = setTimeout(() => {
        const got = [...pages.values()].reduce((n, p) => n + p.records.length, 0);
        finish(
          new DciError('TIMEOUT', `${source}: ${got} records in ${pages.size} pages after ${timeoutMs} ms; the search did not complete`, {
            file: source,
          }),
        );
      }, timeoutMs);

      const onEvent = (event: CallbackEvent): void => {
        if ('error' in event) throw event.error;
        const page = this.readPage(event.envelope, source, transactionId, referenceId);
        if (page === null) return; // pdng/rcvd progress without data
        pages.set(page.pageNumber, page);
        const ordered = [...pages.values()].sort((a, b) => a.pageNumber - b.pageNumber);
        const received = ordered.reduce((n, p) => n + p.records.length, 0);
        if (page.totalCount === null || received >= page.totalCount) {
          finish(null, { transactionId, requestedAt, pages: ordered, records: ordered.flatMap((p) => p.records) });
        }
      };
      // Listen before sending: the registry may call back before its ack reaches us.
      const stop = options.receiver.listen(transactionId, (event) => {
        try {
          onEvent(event);
        } catch (error) {
          finish(error);
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });

      const request = buildSearchRequest({
        ...this.parties(),
        senderUri: options.receiver.url,
        transactionId,
        referenceId,
        criteria,
        pagination: { page_size: pageSize, page_number: 1 },
        now: this.now(),
      });
      const ackSource = `dci:${this.config.registry} /registry/search`;
      postSigned(this.endpoint, '/registry/search', request, ackSource, signal)
        .then((json) => {
          const ack = parseAck(json, ackSource);
          if (ack.ack_status !== 'ACK') {
            const why = ack.error ? `${ack.error.code}: ${ack.error.message}` : 'no reason given';
            finish(
              new DciError('REGISTRY_REJECTED', `${ackSource}: the registry answered ${ack.ack_status} (${why})`, { file: ackSource }),
            );
          }
        })
        .catch(finish);
    });
  }

  private parties(): { senderId: string; receiverId: string } {
    return { senderId: this.config.senderId, receiverId: this.config.receiverId };
  }

  /** The page of our reference in a verified answer, or null for progress without data. */
  private readPage(envelope: SearchResponseEnvelope, source: string, transactionId: string, referenceId: string): SearchPage | null {
    if (envelope.header.sender_id !== this.config.receiverId) {
      throw new DciError(
        'INVALID_MESSAGE',
        `${source}: header.sender_id is "${envelope.header.sender_id ?? ''}", not the registry "${this.config.receiverId}"`,
        {
          file: source,
          field: 'header.sender_id',
        },
      );
    }
    if (envelope.message.transaction_id !== transactionId) {
      throw new DciError('INVALID_MESSAGE', `${source}: message.transaction_id "${envelope.message.transaction_id}" is not this search's`, {
        file: source,
        field: 'message.transaction_id',
      });
    }
    const at = envelope.message.search_response.findIndex((r) => r.reference_id === referenceId);
    const item = envelope.message.search_response[at];
    if (!item)
      throw new DciError('INVALID_MESSAGE', `${source}: no search_response for reference_id ${referenceId}`, {
        file: source,
        field: 'message.search_response',
      });
    const field = `message.search_response[${at}]`;
    if (item.status === 'rjct' || envelope.header.status === 'rjct') {
      const code = item.status_reason_code ?? envelope.header.status_reason_code ?? 'no reason code';
      throw new DciError(
        'REGISTRY_REJECTED',
        `${source}: the registry rejected the search (${code}${item.status_reason_message ? `: ${item.status_reason_message}` : ''})`,
        {
          file: source,
          field: `${field}.status`,
        },
      );
    }
    if (item.data === null) {
      if (item.status === 'succ')
        throw new DciError('INVALID_MESSAGE', `${source}: ${field}.data is missing from a succ answer`, {
          file: source,
          field: `${field}.data`,
        });
      return null;
    }
    return {
      pageNumber: item.pagination?.page_number ?? 1,
      pageSize: item.pagination?.page_size ?? null,
      totalCount: item.pagination?.total_count ?? null,
      regType: item.data.reg_type,
      regRecordType: item.data.reg_record_type,
      records: item.data.reg_records,
      messageTs: envelope.header.message_ts,
    };
  }
}
