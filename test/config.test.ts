import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults for one machine', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.CONVEYOR_DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every wrong setting', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'nohost',
      TEMPORAL_TLS: 'maybe',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_TLS']),
    );
  });

  it('requires the signing key and master key in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((p) => p.startsWith('JWT_PRIVATE_KEY'))).toBe(true);
    expect(problems.some((p) => p.startsWith('CONVEYOR_MASTER_KEY'))).toBe(true);
  });

  it('checks the master key length and the PEM shape', () => {
    const problems = problemsOf({
      CONVEYOR_MASTER_KEY: Buffer.alloc(16).toString('base64'),
      JWT_PRIVATE_KEY: 'not a pem',
    });
    expect(problems.some((p) => p.startsWith('CONVEYOR_MASTER_KEY'))).toBe(true);
    expect(problems.some((p) => p.startsWith('JWT_PRIVATE_KEY'))).toBe(true);
  });

  it('wants TLS certificate and key together', () => {
    expect(
      problemsOf({ TEMPORAL_TLS_CERT_PATH: '/x.pem' }).some((p) => p.startsWith('TEMPORAL_TLS_KEY_PATH')),
    ).toBe(true);
  });
});
