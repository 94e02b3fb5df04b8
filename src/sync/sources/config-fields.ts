import { z } from 'zod';

/** The fields the sources file's parts share (sources, notifications). */
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the name of an environment variable (A–Z, 0–9, _), not a secret');
export const text = z.string().trim().min(1, 'must not be empty');

export const httpUrl = text.refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL without a user name or password in it (name a header in headersEnv instead)' },
);

export const whole = (min: number, max: number) => z.number().int('must be a whole number').min(min).max(max);

/** Request headers whose values are secrets: header name → environment variable. */
export const secretHeaders = z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), envName).default({});
