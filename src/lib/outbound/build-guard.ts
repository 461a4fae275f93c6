import { OutboundError } from './errors.js';
import { type Destination, OutboundGuard, type Resolver } from './guard.js';
import { type AllowEntry, parseAllowList } from './policy.js';
import { type Infrastructure, protectedEndpoints } from './protected-endpoints.js';

/**
 * The guard a worker process uses: OUTBOUND_ALLOW, plus what the process itself adds (npm start
 * lets steps call its own API on loopback, so the README's first workflow works), with this
 * deployment's infrastructure protected.
 */
export function buildOutboundGuard(options: {
  allow: string | undefined;
  extraAllow?: AllowEntry[];
  infrastructure: Infrastructure;
  resolver?: Resolver;
}): OutboundGuard {
  return new OutboundGuard(
    {
      allow: [...parseAllowList(options.allow), ...(options.extraAllow ?? [])],
      protected: protectedEndpoints(options.infrastructure),
    },
    options.resolver,
  );
}

/** Loopback at one port, both families: for a process's own API (npm start) or a test's stand-ins. */
export function loopbackAt(port: number | undefined, source: string): AllowEntry[] {
  return [
    { kind: 'cidr', cidr: '127.0.0.0/8', port, source },
    { kind: 'cidr', cidr: '::1/128', port, source },
  ];
}

/**
 * For tests, benchmarks and the history recorder, whose HTTP stand-ins listen on loopback: loopback
 * is allow-listed (any port), and the Temporal server they run against stays protected.
 */
export function standInGuard(
  temporalAddress: string,
  temporalPorts: Infrastructure['temporalPorts'],
  resolver?: Resolver,
): OutboundGuard {
  return buildOutboundGuard({
    allow: undefined,
    extraAllow: loopbackAt(undefined, 'local stand-ins'),
    infrastructure: { temporalAddress, temporalPorts },
    resolver,
  });
}

/** Refuses every destination: for a process that must send nothing (the API fuzzer). */
class ClosedGuard extends OutboundGuard {
  override async check(): Promise<Destination> {
    throw new OutboundError(
      'DESTINATION_NOT_ALLOWED',
      'Destination not allowed (closed): this process sends no outbound requests',
      false,
      'closed',
    );
  }
}

export function closedGuard(): OutboundGuard {
  return new ClosedGuard({ allow: [], protected: [] });
}
