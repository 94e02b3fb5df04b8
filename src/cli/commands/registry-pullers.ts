import { readFile } from 'node:fs/promises';
import { pullDci } from '../../../connectors/registry/dci/read.js';
import type { KnownRegistryKeys } from '../../../connectors/registry/known.js';
import { pullOpenImis } from '../../../connectors/registry/openimis/read.js';
import type { RegistryPull } from '../../../connectors/registry/types.js';
import type { Config } from '../../config.js';
import { TributaryError } from '../../errors.js';
import type { DciSource, OpenImisSource, RegistrySource } from '../../registry/sources.js';

export type Puller = (since: string | null, known: KnownRegistryKeys) => Promise<RegistryPull>;

function secret(config: Config, source: RegistrySource, field: string, variable: string | undefined): string {
  const value = variable ? config.registry.secret(variable) : null;
  if (!value)
    throw new TributaryError(
      'BAD_USER_INPUT',
      `registry source ${source.name}: set the environment variable ${variable ?? '(none named)'} (${field})`,
      {
        record: source.name,
        recordType: 'registry source',
        field,
      },
    );
  return value;
}

function openImisPuller(config: Config, source: OpenImisSource, today: string): Puller {
  const auth = source.tokenEnv
    ? { token: secret(config, source, 'tokenEnv', source.tokenEnv) }
    : { username: source.username ?? '', password: secret(config, source, 'passwordEnv', source.passwordEnv) };
  return (since, known) =>
    pullOpenImis({
      url: source.url,
      auth,
      since,
      today,
      known,
      ...(source.pageSize ? { pageSize: source.pageSize } : {}),
      ...(source.programmeDefaults ? { programmeDefaults: source.programmeDefaults } : {}),
    });
}

/** How to reach and sign for a configured DCI registry: the key read from its file, the secret from the environment. */
export async function dciConnection(config: Config, source: DciSource) {
  const signingKey = await readFile(source.signingKeyFile, 'utf8').catch(() => {
    throw new TributaryError('FILE_NOT_FOUND', `registry source ${source.name}: cannot read the signing key ${source.signingKeyFile}`, {
      file: source.signingKeyFile,
    });
  });
  const clientSecret = secret(config, source, 'clientSecretEnv', source.clientSecretEnv);
  return {
    baseUrl: source.baseUrl,
    registry: source.registry,
    senderId: source.senderId,
    receiverId: source.receiverId,
    signingKey,
    keyId: source.keyId,
    registryJwksUrl: source.registryJwksUrl,
    oauth: { tokenUrl: source.tokenUrl, clientId: source.clientId, clientSecret },
    ...(source.country ? { country: source.country } : {}),
    ...(source.timeoutMs ? { timeoutMs: source.timeoutMs } : {}),
  };
}

async function dciPuller(config: Config, source: DciSource, today: string): Promise<Puller> {
  const connection = await dciConnection(config, source);
  return (since) =>
    pullDci({
      ...connection,
      mode: source.mode,
      since,
      today,
      ...(source.pageSize ? { pageSize: source.pageSize } : {}),
      ...(source.callback ? { callback: source.callback } : {}),
    });
}

/** How to pull from a configured registry API; secrets are read from the environment now, once. */
export async function pullerOf(source: RegistrySource, config: Config, today: string): Promise<Puller> {
  return source.kind === 'openimis' ? openImisPuller(config, source, today) : dciPuller(config, source, today);
}
