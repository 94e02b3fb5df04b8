import { listenDci } from '../../../connectors/registry/dci/subscribe.js';
import { ReceivedPullSource } from '../../../connectors/registry/source.js';
import type { Config } from '../../config.js';
import { importRegistryPull } from '../../registry/load/pull.js';
import { loadRegistrySources } from '../../registry/sources.js';
import { openDatabase } from '../database.js';
import { localToday, nationalIdHashKey } from './import-registry.js';
import { dciConnection } from './registry-pullers.js';
import { summaryLine } from './results.js';

export interface ListenOptions {
  /** Where the notification receiver listens (default: the source's callback port, or any free one). */
  readonly port?: number;
  /** The URL the registry calls (default: http://<host>:<port>), when the hub is behind a proxy. */
  readonly url?: string;
}

/**
 * `tributary registry listen <name>`: subscribes to a DCI registry's change notifications and
 * merges each one as it arrives (one import run per notification, whole or not at all), until
 * Ctrl-C, which unsubscribes. Notifications are merged one at a time; they never move the pull
 * watermark, so a later `tributary import registry <name>` still asks for everything since.
 */
export async function registryListenCommand(config: Config, name: string, options: ListenOptions): Promise<number> {
  const hashKey = await nationalIdHashKey(config);
  if (hashKey === null) return 2;
  if (!config.registry.sourcesFile) {
    process.stderr.write('no registry APIs are configured (TRIBUTARY_REGISTRIES names a JSON file of them)\n');
    return 2;
  }
  const source = (await loadRegistrySources(config.registry.sourcesFile)).get(name);
  if (!source || source.kind !== 'dci') {
    const why = source
      ? `${name} is an ${source.kind} source: openIMIS sends no notifications; pull it with tributary import registry ${name}`
      : `no registry source ${name} in ${config.registry.sourcesFile}`;
    process.stderr.write(`${why}\n`);
    return 2;
  }
  const connection = await dciConnection(config, source);
  const orm = await openDatabase(config);
  let queue: Promise<unknown> = Promise.resolve();
  const port = options.port ?? source.callback?.port;
  const url = options.url ?? source.callback?.url;
  const listening = await listenDci(
    {
      ...connection,
      today: () => localToday(),
      ...(port === undefined ? {} : { port }),
      ...(url ? { url } : {}),
      ...(source.callback?.host ? { host: source.callback.host } : {}),
    },
    async (pull, { transactionId }) => {
      const run = queue.then(() =>
        importRegistryPull(
          orm,
          { source: name, input: `dci ${name} notification ${transactionId}`, hashKey, keepWatermark: true },
          new ReceivedPullSource(pull),
        ),
      );
      queue = run.catch(() => undefined);
      const result = await run;
      process.stdout.write(`${summaryLine(result, 'registry records')}\n`);
      // Not merged (refused, failed, interrupted): the registry is told (an error acknowledgement), so the records are not lost silently.
      if (result.status !== 'succeeded') throw new Error(result.error?.message ?? 'refused');
    },
  ).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  process.stderr.write(
    `subscribed to ${name} (subscription ${listening.subscriptionCode}); notifications at ${listening.url}; stop with Ctrl-C\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  try {
    await listening.close();
    await queue;
    process.stderr.write(`unsubscribed from ${name}\n`);
  } finally {
    await orm.close();
  }
  return 0;
}
