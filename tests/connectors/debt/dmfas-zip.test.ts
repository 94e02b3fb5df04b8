import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DebtFileError } from '../../../connectors/debt/problems.js';
import type { LoanRecord } from '../../../connectors/debt/types.js';
import { generateDemoDebt, writeDemoDebt } from '../../../src/cli/demo/debt/generate-debt.js';
import { readLoans } from './support.js';
import { zip } from '../../support/zip-writer.js';

/**
 * A DMFAS-style export sent as a zip: the tables at its root or together in one folder. It
 * reads as the same folder would; a zip with a table missing, with two exports, or that is not
 * a zip at all is refused with the reason.
 */
const demo = generateDemoDebt();
const entries = (prefix: string) => demo.files.map((f) => ({ name: `${prefix}${f.fileName}`, data: Buffer.from(f.csv, 'utf8') }));
let dir: string;
let fromFolder: LoanRecord[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-dmfas-zip-'));
  await writeDemoDebt(path.join(dir, 'folder'));
  ({ loans: fromFolder } = await readLoans(path.join(dir, 'folder'), undefined, 'export'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function zipFile(name: string, content: readonly { name: string; data: Buffer }[] | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, Buffer.isBuffer(content) ? content : zip(content));
  return file;
}

const withoutFile = (loans: readonly LoanRecord[]) => loans.map(({ file: _file, ...rest }) => rest);

describe('a DMFAS-style export in a zip', () => {
  it('reads the tables at the root of the zip as the folder reads them, reporting progress in inflated bytes', async () => {
    const file = await zipFile('root.zip', entries(''));
    const { loans, progress } = await readLoans(file, undefined, 'export.zip');
    expect(loans).toHaveLength(42);
    expect(withoutFile(loans)).toEqual(withoutFile(fromFolder));
    expect(new Set(loans.map((l) => l.file))).toEqual(new Set(['export.zip/loans.csv']));
    const inflated = demo.files.reduce((n, f) => n + Buffer.byteLength(f.csv), 0);
    expect(progress.at(-1)).toMatchObject({ bytesRead: inflated, bytesTotal: inflated });
    expect(progress.at(-1)?.records).toBe(demo.files.reduce((n, f) => n + f.csv.split('\n').length - 2, 0));
  });

  it('reads the tables from one folder inside the zip, and names that folder in the records', async () => {
    const file = await zipFile('nested.zip', [{ name: 'dmfas-mw/', data: Buffer.alloc(0) }, ...entries('dmfas-mw/')]);
    const { loans } = await readLoans(file, undefined, 'nested.zip');
    expect(withoutFile(loans)).toEqual(withoutFile(fromFolder));
    expect(loans[0]?.file).toBe('nested.zip/dmfas-mw/loans.csv');
  });

  it('refuses a zip without one of the four tables', async () => {
    const file = await zipFile(
      'partial.zip',
      entries('').filter((e) => e.name !== 'debt_service.csv'),
    );
    const error = await readLoans(file, undefined, 'partial.zip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebtFileError);
    expect((error as DebtFileError).problems).toEqual([
      {
        file: 'partial.zip/debt_service.csv',
        row: null,
        column: null,
        message: 'missing: a DMFAS export has loans.csv, tranches.csv, disbursements.csv, debt_service.csv',
      },
    ]);
  });

  it('refuses a zip holding two exports', async () => {
    const file = await zipFile('two.zip', [...entries('2024/'), ...entries('2025/')]);
    const error = await readLoans(file, undefined, 'two.zip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebtFileError);
    expect((error as DebtFileError).problems[0]).toMatchObject({
      file: 'two.zip/2025/loans.csv',
      message: 'a second loans.csv in the zip (the first is two.zip/2024/loans.csv); put one export in a zip',
    });
  });

  it('refuses a file that is not a zip, and a zip whose table is not valid', async () => {
    const notZip = await zipFile('not.zip', await readFile(path.join(dir, 'folder', 'loans.csv')));
    const error = await readLoans(notZip, undefined, 'not.zip').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebtFileError);
    expect((error as DebtFileError).problems[0]?.message).toMatch(/^not a readable zip file: /);

    const spoiled = entries('').map((e) =>
      e.name === 'loans.csv' ? { ...e, data: Buffer.from(e.data.toString().replace(',XDR,', ',SDR,')) } : e,
    );
    const bad = await readLoans(await zipFile('spoiled.zip', spoiled), undefined, 'spoiled.zip').catch((e: unknown) => e);
    expect((bad as DebtFileError).problems[0]).toMatchObject({ file: 'spoiled.zip/loans.csv', row: 2, column: 'currency' });
  });
});
