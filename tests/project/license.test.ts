import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** package.json says MIT: the LICENSE file must say the same, with the contributors as holders. */
describe('the LICENSE file', () => {
  const license = readFileSync('LICENSE', 'utf8');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string };

  it('is the MIT licence package.json declares', () => {
    expect(manifest.license).toBe('MIT');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('names the tributary contributors as copyright holders', () => {
    expect(license).toMatch(/^Copyright \(c\) \d{4} the tributary contributors$/m);
  });
});
