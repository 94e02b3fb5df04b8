import { readFile } from 'node:fs/promises';
import { DciPullSource, OpenImisPullSource, type RegistryPullSource } from '../../../connectors/registry/source.js';
import type { Config } from '../../config.js';
import { TributaryError } from '../../errors.js';
import type { DciSource, OpenImisSource, RegistrySource } from '../../registry/sources.js';

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

function openImisPullSource(config: Config, source: OpenImisSource, today: string): RegistryPullSource {
  const auth = source.tokenEnv
    ? { token: secret(config, source, 'tokenEnv', source.tokenEnv) }
    : { username: source.username ?? '', password: secret(config, source, 'passwordEnv', source.passwordEnv) };
  return new OpenImisPullSource({
    url: source.url,
    auth,
    today,
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

async function dciPullSource(config: Config, source: DciSource, today: string): Promise<RegistryPullSource> {
  const connection = await dciConnection(config, source);
  return new DciPullSource({
    ...connection,
    mode: source.mode,
    today,
    ...(source.pageSize ? { pageSize: source.pageSize } : {}),
    ...(source.callback ? { callback: source.callback } : {}),
  });
}

/** The `Source` that pulls from a configured registry API; secrets are read from the environment now, once. */
export async function pullSourceOf(source: RegistrySource, config: Config, today: string): Promise<RegistryPullSource> {
  return source.kind === 'openimis' ? openImisPullSource(config, source, today) : dciPullSource(config, source, today);
}
