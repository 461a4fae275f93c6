import { familyOf, inCidr } from './address-rules.js';

/**
 * Where outbound requests may go beyond the public internet, and what they may never reach.
 *
 * `allow` (the OUTBOUND_ALLOW setting) lets an operator's steps reach an intranet: host names
 * (`billing.internal`), subdomain wildcards (`*.corp.example`), addresses and CIDRs
 * (`10.20.0.0/16`, `fd00::/8`), each optionally with `:port` (IPv6 in brackets: `[fd00::1]:8443`).
 * `protected` endpoints (Temporal's frontend, HTTP API, Web UI and metrics, the worker's metrics,
 * the database) are refused whatever `allow` says: a step reaching them reads and acts on every
 * tenant's work.
 */
export interface OutboundPolicy {
  allow: AllowEntry[];
  protected: ProtectedEndpoint[];
}

export type AllowEntry =
  | { kind: 'host'; host: string; port?: number; source: string }
  | { kind: 'suffix'; suffix: string; port?: number; source: string }
  | { kind: 'cidr'; cidr: string; port?: number; source: string };

export interface ProtectedEndpoint {
  /** A host name or address, as configured (`127.0.0.1`, `temporal.internal`). */
  host: string;
  port: number;
  /** What it is, for the refusal's message: `Temporal frontend`. */
  name: string;
}

export class OutboundPolicyError extends Error {}

/** Parses OUTBOUND_ALLOW: entries separated by commas or whitespace. */
export function parseAllowList(text: string | undefined): AllowEntry[] {
  if (!text) return [];
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(parseAllowEntry);
}

function parseAllowEntry(source: string): AllowEntry {
  const { host, port } = splitPort(source);
  const lower = host.toLowerCase();
  const [network, prefix] = lower.split('/') as [string, string | undefined];
  if (familyOf(network)) {
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = familyOf(network) === 'ipv4' ? 32 : 128;
    if (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= max)) {
      throw new OutboundPolicyError(`OUTBOUND_ALLOW: bad prefix length in ${source}`);
    }
    return { kind: 'cidr', cidr: lower, port, source };
  }
  if (lower.startsWith('*.')) {
    const suffix = lower.slice(1);
    if (!isHostName(suffix.slice(1))) throw new OutboundPolicyError(`OUTBOUND_ALLOW: bad wildcard ${source}`);
    return { kind: 'suffix', suffix, port, source };
  }
  if (!isHostName(lower))
    throw new OutboundPolicyError(`OUTBOUND_ALLOW: not a host, address or CIDR: ${source}`);
  return { kind: 'host', host: lower, port, source };
}

function splitPort(source: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(source);
  if (bracketed) return { host: bracketed[1] as string, port: toPort(bracketed[2], source) };
  // An IPv6 address without brackets has several colons and no port.
  const colons = source.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = source.split(':') as [string, string];
    return { host, port: toPort(port, source) };
  }
  return { host: source };
}

function toPort(text: string | undefined, source: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new OutboundPolicyError(`OUTBOUND_ALLOW: bad port in ${source}`);
  }
  return port;
}

const isHostName = (text: string) =>
  text.length > 0 && text.length <= 253 && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(text);

/** The allow-list entry admitting this destination, if any. */
export function allowedBy(
  policy: OutboundPolicy,
  destination: { host: string; address: string; port: number },
): AllowEntry | undefined {
  const host = destination.host.toLowerCase();
  const matches = (entry: AllowEntry): boolean => {
    if (entry.port !== undefined && entry.port !== destination.port) return false;
    if (entry.kind === 'host') return entry.host === host;
    if (entry.kind === 'suffix') return host.endsWith(entry.suffix);
    return inCidr(destination.address, entry.cidr);
  };
  return policy.allow.find(matches);
}
