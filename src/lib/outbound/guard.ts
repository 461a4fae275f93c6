import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { familyOf, inCidr, nonPublicRange } from './address-rules.js';
import { OutboundError } from './errors.js';
import { allowedBy, type OutboundPolicy, type ProtectedEndpoint } from './policy.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → addresses. Injected in tests, so no name is ever looked up for real there. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** A destination that passed: connect to exactly this address, never to a second lookup's. */
export interface Destination {
  url: URL;
  address: string;
  family: 4 | 6;
  port: number;
  /** The allow-list entry that admitted a non-public address, if one did. */
  allowedBy?: string;
}

/**
 * The one decision every outbound request to a user-given address goes through: scheme, the
 * host's every resolved address against the non-public ranges (unless the allow-list admits it),
 * and the protected endpoints (always refused). Refusals are OutboundError
 * DESTINATION_NOT_ALLOWED naming the rule.
 */
export class OutboundGuard {
  private readonly protectedAddresses = new Map<string, Promise<ProtectedAddresses>>();

  constructor(
    readonly policy: OutboundPolicy,
    private readonly resolver: Resolver = systemResolver,
  ) {}

  /**
   * The same decision for a plain TCP destination (an SMTP server): host and port go through the
   * rules an http URL to them would; connect to the returned address, never to a second lookup's.
   */
  checkSocket(host: string, port: number): Promise<Destination> {
    const literal = familyOf(host) === 'ipv6' ? `[${host}]` : host;
    return this.check(`http://${literal}:${port}/`);
  }

  async check(target: string | URL): Promise<Destination> {
    const url = parseUrl(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refuse('scheme', `${url.protocol.replace(/:$/, '')} URLs are not allowed; use http or https`);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const addresses = familyOf(host)
      ? [{ address: host, family: familyOf(host) === 'ipv6' ? 6 : 4 } as const]
      : await this.resolve(host);
    if (addresses.length === 0) throw unreachable(url);
    let admittedBy: string | undefined;
    // Every address must pass: a name with one public and one private address is refused, so
    // which one a connection would pick does not matter.
    for (const { address } of addresses) {
      const shielded = await this.protectedAt(address, port);
      if (shielded) throw refuse('protected', `${url.host} is ${shielded.name}, which steps may never reach`);
      const entry = allowedBy(this.policy, { host, address, port });
      if (entry) {
        admittedBy = entry.source;
        continue;
      }
      const range = nonPublicRange(address);
      if (range) {
        const named = address === host ? address : `${host} (${address})`;
        throw refuse(range, `${named} is a ${range} address; add it to OUTBOUND_ALLOW to reach it`);
      }
    }
    const [first] = addresses as [ResolvedAddress];
    return { url, address: first.address, family: first.family, port, allowedBy: admittedBy };
  }

  private async resolve(host: string): Promise<ResolvedAddress[]> {
    try {
      return await this.resolver(host);
    } catch {
      throw new OutboundError('NETWORK_ERROR', `Could not reach ${host}`, true);
    }
  }

  private async protectedAt(address: string, port: number): Promise<ProtectedEndpoint | undefined> {
    for (const endpoint of this.policy.protected) {
      if (endpoint.port !== port) continue;
      const { addresses, local } = await this.addressesOf(endpoint);
      if (addresses.has(address) || (local && isLocalBinding(address))) return endpoint;
    }
    return undefined;
  }

  /**
   * Every address a protected endpoint answers on. One bound to loopback or to all interfaces
   * answers on every local address, so all of those count.
   */
  private addressesOf(endpoint: ProtectedEndpoint): Promise<ProtectedAddresses> {
    const key = endpoint.host.toLowerCase();
    let found = this.protectedAddresses.get(key);
    if (!found) {
      found = (async () => {
        const addresses = familyOf(key)
          ? [key]
          : await this.resolver(key).then(
              (list) => list.map((entry) => entry.address),
              () => [],
            );
        const local = addresses.some((address) => isLocalBinding(address)) || key === 'localhost';
        return { addresses: new Set(local ? [...addresses, ...interfaceAddresses()] : addresses), local };
      })();
      this.protectedAddresses.set(key, found);
    }
    return found;
  }
}

interface ProtectedAddresses {
  addresses: Set<string>;
  /** Bound to loopback or all interfaces: any loopback or unspecified address reaches it too. */
  local: boolean;
}

/** Loopback or unspecified, in any spelling (BlockList matches IPv4-mapped forms against IPv4). */
function isLocalBinding(address: string): boolean {
  return LOCAL_CIDRS.some((cidr) => inCidr(address, cidr));
}

const LOCAL_CIDRS = ['127.0.0.0/8', '0.0.0.0/8', '::1/128', '::/128'];

/** This machine's interface addresses: a server bound to all interfaces answers on each. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address);
}

function parseUrl(target: string | URL): URL {
  if (target instanceof URL) return target;
  try {
    return new URL(target);
  } catch {
    throw new OutboundError('INVALID_URL', 'Not a valid absolute URL', false);
  }
}

const refuse = (rule: string, message: string) =>
  new OutboundError('DESTINATION_NOT_ALLOWED', `Destination not allowed (${rule}): ${message}`, false, rule);

export const unreachable = (url: URL) =>
  new OutboundError('NETWORK_ERROR', `Could not reach ${url.host}`, true);
