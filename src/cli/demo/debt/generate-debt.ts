import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mulberry32 } from '../random.js';
import { planDemoLoans, type DemoLoan } from './plan.js';
import { renderDemoDebt, type DemoDebtFile } from './render.js';

/**
 * The demo's debt-office export: Malawi's external loans as a DMFAS-style export (four CSV
 * tables, mappings/debt/dmfas-layout.md), 42 FICTIONAL loans from real creditors signed
 * 2005-2025, with tranches, disbursements (actual, then projected) and debt service (actual,
 * then scheduled) as of 30 September 2025. The same seed always gives byte-identical files.
 */
export const DEMO_DEBT_SEED = 20250930;

export interface DemoDebt {
  readonly loans: readonly DemoLoan[];
  readonly files: readonly DemoDebtFile[];
}

export function generateDemoDebt(options: { seed?: number } = {}): DemoDebt {
  const loans = planDemoLoans(mulberry32(options.seed ?? DEMO_DEBT_SEED));
  return { loans, files: renderDemoDebt(loans) };
}

/** Writes the four tables into `dir` (created if needed) and returns their paths. */
export async function writeDemoDebt(dir: string, options: { seed?: number } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of generateDemoDebt(options).files) {
    const target = path.join(dir, file.fileName);
    await writeFile(target, file.csv, 'utf8');
    paths.push(target);
  }
  return paths;
}
