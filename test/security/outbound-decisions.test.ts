import { describe, expect, it } from 'vitest';
import { sendOutbound } from '../../src/lib/outbound/client.js';
import { OutboundError } from '../../src/lib/outbound/errors.js';
import { OutboundGuard, type Resolver } from '../../src/lib/outbound/guard.js';
import { parseAllowList } from '../../src/lib/outbound/policy.js';
import { protectedEndpoints } from '../../src/lib/outbound/protected-endpoints.js';

/**
 * The guard's decisions alone: names resolve through an injected table and the connector fails the
 * test if it is ever reached, so no probe here opens a connection or looks a name up for real.
 */
const NAMES: Record<string, string[]> = {
  'public.example': ['93.184.216.34'],
  'internal.example': ['10.1.2.3'],
  'split.example': ['93.184.216.34', '192.168.0.10'],
  'metadata.example': ['169.254.169.254'],
  'v6-private.example': ['fd00::1'],
  'api.corp.example': ['10.20.0.5'],
  localhost: ['127.0.0.1', '::1'],
  'temporal.internal': ['10.9.9.9'],
};
const resolver: Resolver = async (name) => {
  const addresses = NAMES[name];
  if (!addresses) throw new Error(`ENOTFOUND ${name}`);
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const neverConnect = () => {
  throw new Error('the connector was reached: the guard let a refused destination through');
};

function guard(allow?: string, protectedOn?: string) {
  return new OutboundGuard(
    {
      allow: parseAllowList(allow),
      protected: protectedOn
        ? protectedEndpoints({
            temporalAddress: protectedOn,
            temporalPorts: { http: 7243, ui: 8233, metrics: 7235 },
          })
        : [],
    },
    resolver,
  );
}

async function refusal(target: string, chosen = guard()): Promise<OutboundError> {
  const error = await sendOutbound(
    chosen,
    { method: 'GET', url: target, maxResponseBytes: 1024 },
    neverConnect,
  ).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, target).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('address ranges, every spelling', () => {
  const cases: [string, string][] = [
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.255.255.254:8080/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'ipv4-mapped'],
    ['http://[::ffff:7f00:1]/', 'ipv4-mapped'],
    ['http://[::127.0.0.1]/', 'ipv4-compatible'],
    ['http://[64:ff9b::7f00:1]/', 'nat64'],
    ['http://[2002:7f00:1::]/', '6to4'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'teredo'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://3232235777/', 'private'],
    ['http://100.64.0.1/', 'cgnat'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fd00:ec2::254]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'reserved'],
    ['http://198.18.0.1/', 'benchmarking'],
  ];
  it.each(cases)('refuses %s as %s', async (target, rule) => {
    const error = await refusal(target);
    expect(error.code).toBe('DESTINATION_NOT_ALLOWED');
    expect(error.rule).toBe(rule);
    expect(error.retryable).toBe(false);
  });

  it('refuses schemes other than http and https, and URLs that do not parse', async () => {
    for (const target of [
      'file:///etc/passwd',
      'ftp://public.example/',
      'gopher://public.example/',
      'data:,x',
    ]) {
      expect((await refusal(target)).rule, target).toBe('scheme');
    }
    expect((await refusal('http://')).code).toBe('INVALID_URL');
  });
});

describe('names', () => {
  it('refuses a name that resolves to a private, metadata or unique-local address', async () => {
    expect((await refusal('http://internal.example/')).rule).toBe('private');
    expect((await refusal('https://metadata.example/')).rule).toBe('link-local');
    expect((await refusal('http://v6-private.example/')).rule).toBe('unique-local');
    expect((await refusal('http://localhost:3000/')).rule).toBe('loopback');
  });

  it('refuses a name with any non-public address among its answers', async () => {
    expect((await refusal('http://split.example/')).rule).toBe('private');
  });

  it('admits a public name and pins the address it checked', async () => {
    const destination = await guard().check('https://public.example/path');
    expect(destination).toMatchObject({ address: '93.184.216.34', family: 4, port: 443 });
  });

  it('reads an unresolvable name as unreachable, not as a refusal', async () => {
    const error = await refusal('http://nowhere.example/');
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).not.toMatch(/ENOTFOUND/);
  });
});

describe('allow-list', () => {
  it('admits what OUTBOUND_ALLOW lists, by CIDR, wildcard and port, and nothing next to it', async () => {
    const allowing = guard('10.1.0.0/16, *.corp.example, [fd00::1]:8443, 192.168.1.1:8080');
    await expect(allowing.check('http://internal.example/')).resolves.toMatchObject({
      allowedBy: '10.1.0.0/16',
    });
    await expect(allowing.check('http://api.corp.example/')).resolves.toMatchObject({
      allowedBy: '*.corp.example',
    });
    await expect(allowing.check('https://[fd00::1]:8443/')).resolves.toMatchObject({ address: 'fd00::1' });
    await expect(allowing.check('http://192.168.1.1:8080/')).resolves.toBeDefined();
    expect((await refusal('http://192.168.1.1:8081/', allowing)).rule).toBe('private');
    expect((await refusal('http://10.2.0.1/', allowing)).rule).toBe('private');
    expect((await refusal('https://[fd00::1]/', allowing)).rule).toBe('unique-local');
  });

  it('refuses a malformed entry when the configuration loads', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseAllowList('http://x')).toThrow();
    expect(() => parseAllowList('host:99999')).toThrow(/port/);
  });
});

describe('protected endpoints', () => {
  it('refuses the Temporal ports even when loopback is allow-listed, in every local spelling', async () => {
    const allowingLoopback = guard('127.0.0.0/8, ::1', '127.0.0.1:7233');
    for (const target of [
      'http://127.0.0.1:7243/api/v1/namespaces/default/workflows',
      'http://localhost:8233/',
      'http://127.0.0.2:7233/',
      'http://2130706433:7235/metrics',
      'http://[::1]:7243/',
    ]) {
      expect((await refusal(target, allowingLoopback)).rule, target).toBe('protected');
    }
    await expect(allowingLoopback.check('http://127.0.0.1:3000/')).resolves.toBeDefined();
  });

  it('refuses a remote Temporal host by name and address even when its network is allow-listed', async () => {
    const allowingNetwork = guard('10.0.0.0/8', 'temporal.internal:7233');
    expect((await refusal('http://10.9.9.9:7233/', allowingNetwork)).rule).toBe('protected');
    expect((await refusal('http://temporal.internal:7243/', allowingNetwork)).rule).toBe('protected');
    await expect(allowingNetwork.check('http://10.9.9.9:8080/')).resolves.toBeDefined();
  });

  it('protects the database and the worker metrics', async () => {
    const shielded = new OutboundGuard(
      {
        allow: parseAllowList('127.0.0.0/8'),
        protected: protectedEndpoints({
          temporalAddress: '127.0.0.1:7233',
          temporalPorts: { http: 7243, ui: 8233, metrics: 7235 },
          workerMetrics: '127.0.0.1:9464',
          databaseUrl: 'postgres://u:p@localhost:5432/db',
        }),
      },
      resolver,
    );
    expect((await refusal('http://127.0.0.1:5432/', shielded)).message).toMatch(/database/);
    expect((await refusal('http://127.0.0.1:9464/metrics', shielded)).message).toMatch(/metrics/);
  });
});
