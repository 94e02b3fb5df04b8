import { readFile } from 'node:fs/promises';
import { pullDci } from '../../../connectors/registry/dci/read.js';
import type { KnownRegistryKeys } from '../../../connectors/registry/openimis/known.js';
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

async function dciPuller(config: Config, source: DciSource, today: string): Promise<Puller> {
  const signingKey = await readFile(source.signingKeyFile, 'utf8').catch(() => {
    throw new TributaryError('FILE_NOT_FOUND', `registry source ${source.name}: cannot read the signing key ${source.signingKeyFile}`, {
      file: source.signingKeyFile,
    });
  });
  const clientSecret = secret(config, source, 'clientSecretEnv', source.clientSecretEnv);
  return (since) =>
    pullDci({
      baseUrl: source.baseUrl,
      registry: source.registry,
      mode: source.mode,
      senderId: source.senderId,
      receiverId: source.receiverId,
      signingKey,
      keyId: source.keyId,
      registryJwksUrl: source.registryJwksUrl,
      oauth: { tokenUrl: source.tokenUrl, clientId: source.clientId, clientSecret },
      since,
      today,
      ...(source.country ? { country: source.country } : {}),
      ...(source.pageSize ? { pageSize: source.pageSize } : {}),
      ...(source.timeoutMs ? { timeoutMs: source.timeoutMs } : {}),
      ...(source.callback ? { callback: source.callback } : {}),
    });
}

/** How to pull from a configured registry API; secrets are read from the environment now, once. */
export async function pullerOf(source: RegistrySource, config: Config, today: string): Promise<Puller> {
  return source.kind === 'openimis' ? openImisPuller(config, source, today) : dciPuller(config, source, today);
}
