import { BlockList, isIP } from 'node:net';

/**
 * The address ranges no user-given destination may reach, each with the name a refusal reports.
 * Anything outside them is public unicast. IPv6 forms that embed or tunnel an IPv4 address
 * (mapped, compatible, NAT64, 6to4, Teredo) are refused outright rather than unwrapped: the
 * embedded address is the user's choice too.
 */
const RULES: { name: string; family: 'ipv4' | 'ipv6'; cidr: string }[] = [
  { name: 'unspecified', family: 'ipv6', cidr: '::/128' },
  { name: 'loopback', family: 'ipv6', cidr: '::1/128' },
  { name: 'ipv4-mapped', family: 'ipv6', cidr: '::ffff:0:0/96' },
  { name: 'ipv4-compatible', family: 'ipv6', cidr: '::/96' },
  { name: 'ipv4-translated', family: 'ipv6', cidr: '::ffff:0:0:0/96' },
  { name: 'nat64', family: 'ipv6', cidr: '64:ff9b::/96' },
  { name: 'nat64', family: 'ipv6', cidr: '64:ff9b:1::/48' },
  { name: 'discard', family: 'ipv6', cidr: '100::/64' },
  { name: 'teredo', family: 'ipv6', cidr: '2001::/32' },
  { name: 'documentation', family: 'ipv6', cidr: '2001:db8::/32' },
  { name: '6to4', family: 'ipv6', cidr: '2002::/16' },
  { name: 'unique-local', family: 'ipv6', cidr: 'fc00::/7' },
  { name: 'link-local', family: 'ipv6', cidr: 'fe80::/10' },
  { name: 'site-local', family: 'ipv6', cidr: 'fec0::/10' },
  { name: 'multicast', family: 'ipv6', cidr: 'ff00::/8' },
  { name: 'unspecified', family: 'ipv4', cidr: '0.0.0.0/8' },
  { name: 'private', family: 'ipv4', cidr: '10.0.0.0/8' },
  { name: 'cgnat', family: 'ipv4', cidr: '100.64.0.0/10' },
  { name: 'loopback', family: 'ipv4', cidr: '127.0.0.0/8' },
  // Cloud metadata (169.254.169.254) lives here.
  { name: 'link-local', family: 'ipv4', cidr: '169.254.0.0/16' },
  { name: 'private', family: 'ipv4', cidr: '172.16.0.0/12' },
  { name: 'ietf-protocol', family: 'ipv4', cidr: '192.0.0.0/24' },
  { name: 'documentation', family: 'ipv4', cidr: '192.0.2.0/24' },
  { name: '6to4-relay', family: 'ipv4', cidr: '192.88.99.0/24' },
  { name: 'private', family: 'ipv4', cidr: '192.168.0.0/16' },
  { name: 'benchmarking', family: 'ipv4', cidr: '198.18.0.0/15' },
  { name: 'documentation', family: 'ipv4', cidr: '198.51.100.0/24' },
  { name: 'documentation', family: 'ipv4', cidr: '203.0.113.0/24' },
  { name: 'multicast', family: 'ipv4', cidr: '224.0.0.0/4' },
  // Reserved, and the broadcast address at its end.
  { name: 'reserved', family: 'ipv4', cidr: '240.0.0.0/4' },
];

const COMPILED = RULES.map((rule) => {
  const list = new BlockList();
  const [network, prefix] = rule.cidr.split('/') as [string, string];
  list.addSubnet(network, Number(prefix), rule.family);
  return { ...rule, list };
});

export type IpFamily = 'ipv4' | 'ipv6';

export function familyOf(address: string): IpFamily | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/**
 * The name of the first non-public range `address` is in, or null for a public unicast address.
 * IPv6 rules come first, so an IPv4-mapped address reports `ipv4-mapped` (BlockList would also
 * match it against the IPv4 rules).
 */
export function nonPublicRange(address: string): string | null {
  const family = familyOf(address);
  if (!family) return 'not-an-address';
  for (const rule of COMPILED) {
    if (family === 'ipv4' && rule.family === 'ipv6') continue;
    if (rule.list.check(address, family)) return rule.name;
  }
  return null;
}

/** Whether `address` is in `cidr` (`10.0.0.0/8`, `fd00::/8`, or one address). */
export function inCidr(address: string, cidr: string): boolean {
  const family = familyOf(address);
  const [network, prefix] = cidr.split('/') as [string, string | undefined];
  const networkFamily = familyOf(network);
  if (!family || !networkFamily) return false;
  const list = new BlockList();
  list.addSubnet(
    network,
    prefix === undefined ? (networkFamily === 'ipv4' ? 32 : 128) : Number(prefix),
    networkFamily,
  );
  return list.check(address, family);
}
