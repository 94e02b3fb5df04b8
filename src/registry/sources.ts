import { readFile } from 'node:fs/promises';
import { TributaryError } from '../errors.js';

/**
 * The registry APIs the hub pulls from, named in a JSON file (TRIBUTARY_REGISTRIES): what
 * `tributary import registry <name>` reads. Secrets are never in the file: it names the
 * environment variables that hold them (`passwordEnv`, `clientSecretEnv`) and the key file.
 */
export interface OpenImisSource {
  readonly kind: 'openimis';
  readonly name: string;
  /** The GraphQL endpoint, e.g. https://imis.example.org/api/graphql. */
  readonly url: string;
  readonly username?: string;
  readonly passwordEnv?: string;
  /** Or a ready JWT in this environment variable. */
  readonly tokenEnv?: string;
  readonly pageSize?: number;
  /** What openIMIS's benefit plans do not say (currency, country, transfer type). */
  readonly programmeDefaults?: {
    readonly currency?: string;
    readonly country?: string;
    readonly transferType?: 'cash' | 'in-kind' | 'voucher';
  };
}

export interface DciSource {
  readonly kind: 'dci';
  readonly name: string;
  readonly registry: 'social' | 'ibr';
  readonly baseUrl: string;
  readonly mode: 'sync' | 'async';
  readonly senderId: string;
  readonly receiverId: string;
  /** The hub's ed25519 private key (PEM file) and its kid. */
  readonly signingKeyFile: string;
  readonly keyId: string;
  readonly registryJwksUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecretEnv: string;
  /** Async: where the registry posts on-search (default: a receiver on a free port of this machine). */
  readonly callback?: { readonly url?: string; readonly port?: number; readonly host?: string };
  /** ISO 3166 alpha-2 of the registry's programmes (DCI messages carry none). */
  readonly country?: string;
  readonly pageSize?: number;
  readonly timeoutMs?: number;
}

export type RegistrySource = OpenImisSource | DciSource;

const REQUIRED: Record<RegistrySource['kind'], readonly string[]> = {
  openimis: ['url'],
  dci: [
    'registry',
    'baseUrl',
    'mode',
    'senderId',
    'receiverId',
    'signingKeyFile',
    'keyId',
    'registryJwksUrl',
    'tokenUrl',
    'clientId',
    'clientSecretEnv',
  ],
};

const CHOICES: Record<string, readonly string[]> = { registry: ['social', 'ibr'], mode: ['sync', 'async'] };

export async function loadRegistrySources(file: string): Promise<Map<string, RegistrySource>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TributaryError('FILE_NOT_FOUND', `cannot read the registry sources ${file}: ${why}`, { file });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TributaryError('BAD_USER_INPUT', `${file} must be a JSON object of registry sources by name`, { file });
  const sources = new Map<string, RegistrySource>();
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) sources.set(name, checkSource(file, name, value));
  return sources;
}

function checkSource(file: string, name: string, value: unknown): RegistrySource {
  const fail = (field: string, message: string): never => {
    throw new TributaryError('BAD_USER_INPUT', `${file}: registry source ${name}: ${field} ${message}`, {
      file,
      record: name,
      recordType: 'registry source',
      field,
    });
  };
  if (!value || typeof value !== 'object') return fail('', 'must be an object');
  const source = value as Record<string, unknown>;
  const kind = source.kind;
  if (kind !== 'openimis' && kind !== 'dci') return fail('kind', 'must be openimis or dci');
  for (const field of REQUIRED[kind]) {
    const given = source[field];
    if (typeof given !== 'string' || given.trim() === '') fail(field, 'is required (a string)');
    const choices = CHOICES[field];
    if (choices && !choices.includes(given as string)) fail(field, `must be one of ${choices.join(', ')}`);
  }
  for (const field of ['pageSize', 'timeoutMs'])
    if (source[field] !== undefined && !(Number.isInteger(source[field]) && (source[field] as number) > 0))
      fail(field, 'must be a positive whole number');
  if (kind === 'openimis' && !source.tokenEnv && !(source.username && source.passwordEnv))
    fail('username', 'and passwordEnv (or tokenEnv) are needed to sign in to openIMIS');
  return { ...(source as unknown as RegistrySource), name };
}
