import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mulberry32 } from '../random.js';

/**
 * A synthetic daily rates file in a central bank's shape (MWK per unit of USD, EUR and GBP, working
 * days, January 2023 – September 2025), for the demo: the kwacha's level and its November 2023
 * devaluation are modelled on public reports, the daily moves are random but seeded.
 */
const PAIRS = [
  { currency: 'USD', start: 1030, devalued: 1700 },
  { currency: 'EUR', start: 1125, devalued: 1830 },
  { currency: 'GBP', start: 1280, devalued: 2130 },
] as const;
const DEVALUATION = '2023-11-09';

function ddmmyyyy(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
}

function thousands(value: number): string {
  const [whole = '0', cents = '00'] = value.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export function generateRatesCsv(seed = 20251001): string {
  const random = mulberry32(seed);
  const level = new Map<string, number>(PAIRS.map((p) => [p.currency, p.start]));
  const lines = ['Date,Currency,Buying Rate,Middle Rate,Selling Rate'];
  for (let day = new Date(Date.UTC(2023, 0, 2)); day <= new Date(Date.UTC(2025, 8, 30)); day = new Date(day.getTime() + 86_400_000)) {
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const iso = day.toISOString().slice(0, 10);
    for (const pair of PAIRS) {
      let middle = iso === DEVALUATION ? pair.devalued : (level.get(pair.currency) ?? pair.start) * (1 + (random.next() - 0.5) * 0.002);
      if (iso > DEVALUATION) middle = Math.max(middle, pair.devalued * 0.99);
      level.set(pair.currency, middle);
      lines.push(`${ddmmyyyy(day)},${pair.currency},"${thousands(middle * 0.99)}","${thousands(middle)}","${thousands(middle * 1.01)}"`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function writeRatesCsv(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'reserve-bank-of-malawi-rates.csv');
  await writeFile(file, generateRatesCsv(), 'utf8');
  return file;
}
