import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { TributaryError } from '../../errors.js';
import { fetchToFile } from './http-fetch.js';
import { FOLDER_FILES } from './import-input.js';
import type { ConfiguredSource } from './source-config.js';

/** One input of a source: a URL to download, or a file in its folder. */
export type Candidate =
  | { readonly kind: 'url'; readonly input: string; readonly listedModified: string | null }
  | { readonly kind: 'file'; readonly input: string; readonly path: string };

/** The IATI Registry's package_search answer, as much of it as a dataset list needs. */
const DatasetList = z.object({
  result: z.object({
    results: z.array(
      z.object({
        name: z.string().optional(),
        resources: z.array(z.object({ url: z.string().min(1), last_modified: z.string().nullish() })).default([]),
      }),
    ),
  }),
});

export function datasetListUrls(listUrl: string, parsed: unknown): { url: string; lastModified: string | null }[] {
  const checked = DatasetList.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new TributaryError(
      'SOURCE_REFUSED',
      `${listUrl}: not an IATI Registry dataset list (package_search): ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      { file: listUrl, field: issue?.path.join('.') ?? '' },
    );
  }
  return checked.data.result.results.flatMap((dataset) =>
    dataset.resources.map((r) => ({ url: new URL(r.url, listUrl).toString(), lastModified: r.last_modified ?? null })),
  );
}

async function readDatasetList(
  source: Extract<ConfiguredSource, { kind: 'iati-dataset-list' }>,
  config: Config,
  workDir: string,
  signal: AbortSignal,
): Promise<Candidate[]> {
  const listFile = path.join(workDir, 'dataset-list.json');
  const fetched = await fetchToFile(source.url, listFile, null, source.http, config.envSecret, signal);
  if (!fetched.changed) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(listFile, 'utf8'));
  } catch {
    throw new TributaryError('SOURCE_REFUSED', `${source.url}: the dataset list is not JSON`, { file: source.url });
  }
  const urls = datasetListUrls(source.url, parsed);
  if (urls.length > source.maxFiles)
    throw new TributaryError('SOURCE_REFUSED', `${source.url}: ${urls.length} files listed, more than maxFiles (${source.maxFiles})`, {
      file: source.url,
      field: 'maxFiles',
    });
  return urls.map((u) => ({ kind: 'url', input: u.url, listedModified: u.lastModified }));
}

async function folderFiles(folder: string, pattern: RegExp): Promise<Candidate[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new TributaryError('FILE_NOT_FOUND', `cannot read the folder ${folder}: ${error.code ?? error.message}`, { file: folder });
  });
  return entries
    .filter((e) => e.isFile() && pattern.test(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((file) => ({ kind: 'file', input: path.relative(folder, file), path: file }));
}

/** What a source offers now, in a stable order. */
export async function candidatesOf(source: ConfiguredSource, config: Config, workDir: string, signal: AbortSignal): Promise<Candidate[]> {
  switch (source.kind) {
    case 'iati-url':
      return source.urls.map((url) => ({ kind: 'url', input: url, listedModified: null }));
    case 'rates-url':
      return [{ kind: 'url', input: source.url, listedModified: null }];
    case 'iati-dataset-list':
      return readDatasetList(source, config, workDir, signal);
    case 'iati-folder':
    case 'ifmis-folder':
    case 'debt-folder':
    case 'rates-folder':
      return folderFiles(source.folder, FOLDER_FILES[source.kind] ?? /$^/);
    case 'registry':
      return [];
  }
}
