import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asksForVersion, packageVersion } from '../../src/cli/version.js';

describe('the version, decided before the program loads', () => {
  it('is asked for by --version or -V alone', () => {
    expect(asksForVersion(['--version'])).toBe(true);
    expect(asksForVersion(['-V'])).toBe(true);
    for (const args of [[], ['version'], ['--version', 'db'], ['db', '--version'], ['-v'], ['--versions']])
      expect(asksForVersion(args)).toBe(false);
  });

  it("is package.json's", () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(packageVersion()).toBe(manifest.version);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
