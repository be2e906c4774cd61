import { describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from './server-config.js';

describe('loadServerConfig', () => {
  it('uses defaults: embedded SQLite under ./data, localhost:8080, 1 MiB bodies', () => {
    expect(loadServerConfig({}, {})).toEqual({
      db: { kind: 'sqlite', path: './data/axonflow.db' },
      host: 'localhost',
      port: 8080,
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      payloadCapBytes: 64 * 1024,
      shutdownTimeoutMs: 10_000,
      authCacheTtlMs: 30_000,
      stuckAfterMs: 15 * 60_000,
      rateLimit: { max: 6000, windowMs: 60_000 },
      authFailureLimit: { max: 30, windowMs: 60_000 },
    });
  });

  it('reads rate limits as <count>/<window>, 0 or off, and refuses anything else', () => {
    expect(loadServerConfig({}, { AXONFLOW_RATE_LIMIT: '600/min' }).rateLimit).toEqual({ max: 600, windowMs: 60_000 });
    expect(loadServerConfig({ '--rate-limit': '10/s' }, {}).rateLimit).toEqual({ max: 10, windowMs: 1000 });
    expect(loadServerConfig({ '--rate-limit': '500/1h' }, {}).rateLimit).toEqual({ max: 500, windowMs: 3_600_000 });
    expect(loadServerConfig({ '--auth-failure-limit': '5/30s' }, {}).authFailureLimit).toEqual({ max: 5, windowMs: 30_000 });
    for (const off of ['0', 'off', 'OFF']) expect(loadServerConfig({}, { AXONFLOW_RATE_LIMIT: off, AXONFLOW_AUTH_FAILURE_LIMIT: off })).toMatchObject({ rateLimit: 'off', authFailureLimit: 'off' });
    for (const bad of ['600', '600/fortnight', '0/min', '-1/min', '10/500ms', '10/48h', 'lots']) {
      expect(() => loadServerConfig({ '--rate-limit': bad }, {}), bad).toThrow(/AXONFLOW_RATE_LIMIT \/ --rate-limit/);
    }
  });

  it('reads the stuck threshold as a Go-style duration and refuses bare numbers and extremes', () => {
    expect(loadServerConfig({ '--stuck-after': '900s' }, {}).stuckAfterMs).toBe(900_000);
    expect(loadServerConfig({}, { AXONFLOW_STUCK_AFTER: '1h30m' }).stuckAfterMs).toBe(5_400_000);
    for (const bad of ['900', '15 minutes', '500ms', '8000h', '']) {
      expect(() => loadServerConfig({ '--stuck-after': bad }, {}), bad).toThrow(/AXONFLOW_STUCK_AFTER \/ --stuck-after/);
    }
  });

  it('prefers flags over the environment over defaults', () => {
    const config = loadServerConfig({ '--port': '9000' }, { PORT: '7000', AXONFLOW_DB: 'postgres://u:p@db:5432/axon?schema=tenant_a', AXONFLOW_BODY_LIMIT: '5mb' });
    expect(config.port).toBe(9000);
    expect(config.db).toEqual({ kind: 'postgres', connectionString: 'postgres://u:p@db:5432/axon', schema: 'tenant_a' });
    expect(config.bodyLimitBytes).toBe(5 * 1024 * 1024);
  });

  it('reports every bad setting at once, each by env and flag name, with the value given', () => {
    try {
      loadServerConfig({ '--port': '70000' }, { AXONFLOW_BODY_LIMIT: 'huge', AXONFLOW_DB: 'postgres://h/db?schema=1bad' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'AXONFLOW_DB / --db: schema "1bad" is not a valid PostgreSQL identifier; got "postgres://h/db?schema=1bad" from AXONFLOW_DB',
        'PORT / AXONFLOW_PORT / --port: must be at most 65535; got "70000" from --port',
        'AXONFLOW_BODY_LIMIT / --body-limit: must be a byte count such as 1048576, 512kb or 5mb; got "huge" from AXONFLOW_BODY_LIMIT',
      ]);
    }
  });

  it('reads the public URL (Slack links) without a trailing slash, and refuses anything but an http(s) base', () => {
    expect(loadServerConfig({}, { AXONFLOW_PUBLIC_URL: 'https://axonflow.example.com/' }).publicUrl).toBe('https://axonflow.example.com');
    expect(loadServerConfig({ '--public-url': 'http://ops.example.com:8080/axonflow/' }, {}).publicUrl).toBe('http://ops.example.com:8080/axonflow');
    for (const bad of ['axonflow.example.com', 'ftp://example.com', 'https://example.com/?x=1']) {
      expect(() => loadServerConfig({ '--public-url': bad }, {}), bad).toThrow(/AXONFLOW_PUBLIC_URL \/ --public-url/);
    }
  });

  it('can read only some settings (commands that need just the store)', () => {
    expect(loadServerConfig({}, { PORT: 'not checked' }, ['db'])).toEqual({ db: { kind: 'sqlite', path: './data/axonflow.db' } });
  });
});
