import { describe, expect, it } from 'vitest';
import { announceMode, ConfigError, loadConfig } from '../../src/config.js';

/** The limits' settings: defaults as the README gives them, and a wrong value refused at start-up, named. */
describe('the limits in the configuration', () => {
  it('has the documented defaults, production closing introspection and serve defaulting to production', () => {
    const limits = loadConfig({ NODE_ENV: 'production' }).limits;
    expect(limits).toMatchObject({
      maxDepth: 12,
      maxAliases: 30,
      maxTokens: 2000,
      maxDirectives: 20,
      maxCost: 50_000,
      maxQueryTextChars: 1000,
      maxMutationTextChars: 4_194_304,
      maxRequestBytes: 16_777_216,
      maxResponseBytes: 8_388_608,
      requestDeadlineMs: 30_000,
      statementTimeoutMs: 20_000,
      ratePerMinute: 300,
      corsOrigins: [],
      introspection: false,
      shutdownGraceMs: 10_000,
    });
    expect(loadConfig({}, 'production').env).toBe('production');
    expect(loadConfig({ NODE_ENV: 'development' }, 'production').env).toBe('development');
    expect(loadConfig({}).env).toBe('development');
  });

  it('tells graphql-js a served hub is production (an unset NODE_ENV only)', () => {
    const unset: Record<string, string | undefined> = {};
    announceMode(loadConfig(unset, 'production'), unset);
    expect(unset.NODE_ENV).toBe('production');
    const development: Record<string, string | undefined> = {};
    announceMode(loadConfig(development), development);
    expect(development.NODE_ENV).toBeUndefined();
    const test = { NODE_ENV: 'test' };
    announceMode(loadConfig(test, 'production'), test);
    expect(test.NODE_ENV).toBe('test');
  });

  it.each([
    [
      { TRIBUTARY_CORS_ORIGINS: 'https://dashboard.mof.example/app' },
      /TRIBUTARY_CORS_ORIGINS: https:\/\/dashboard\.mof\.example\/app is not an origin/,
    ],
    [{ TRIBUTARY_CORS_ORIGINS: '*' }, /TRIBUTARY_CORS_ORIGINS: \* is not an origin/],
    [{ TRIBUTARY_INTROSPECTION: 'maybe' }, /TRIBUTARY_INTROSPECTION=maybe must be on or off/],
    [{ TRIBUTARY_MAX_DEPTH: '1' }, /TRIBUTARY_MAX_DEPTH=1 is not an integer between 2 and 1000/],
    [{ TRIBUTARY_RATE_LIMIT: '-5' }, /TRIBUTARY_RATE_LIMIT=-5 is not an integer/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes exact origins, on/off switches and a zero rate limit', () => {
    const limits = loadConfig({
      TRIBUTARY_CORS_ORIGINS: 'https://dashboard.mof.example, http://localhost:5173',
      TRIBUTARY_INTROSPECTION: 'off',
      TRIBUTARY_RATE_LIMIT: '0',
    }).limits;
    expect(limits.corsOrigins).toEqual(['https://dashboard.mof.example', 'http://localhost:5173']);
    expect(limits.introspection).toBe(false);
    expect(limits.ratePerMinute).toBe(0);
  });
});
