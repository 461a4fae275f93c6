// A private, throwaway PostgreSQL cluster that the fault suite starts, stops and starts again, so
// that an outage can be caused on purpose. The recipe follows .ci/run's start_postgres.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePortIn } from './ports.js';

const run = promisify(execFile);

const PG_BIN_CANDIDATES = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];
/** Ports reserved for this suite, so a cluster never collides with other work on the machine. */
const PORT_RANGE = [56400, 56499] as const;

export interface PostgresClusterInfo {
  bin: string;
  dataDir: string;
  socketDir: string;
  port: number;
  /** The OS user that runs the server (postgres refuses root), or null when we are not root. */
  osUser: string | null;
  adminUrl: string;
}

export function findPostgresBin(): string | undefined {
  return PG_BIN_CANDIDATES.find((dir) => existsSync(join(dir, 'postgres')));
}

/** Runs a PostgreSQL binary as the cluster's OS user. */
async function asPg(info: Pick<PostgresClusterInfo, 'osUser'>, file: string, args: string[]) {
  const [command, argv] = info.osUser ? ['runuser', ['-u', info.osUser, '--', file, ...args]] : [file, args];
  return run(command, argv, { cwd: tmpdir(), timeout: 120_000 });
}

export async function initPostgresCluster(bin: string): Promise<PostgresClusterInfo> {
  const root = mkdtempSync(join(tmpdir(), 'conveyor-faults-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  mkdirSync(socketDir);
  const osUser = process.getuid?.() === 0 ? 'postgres' : null;
  if (osUser) {
    const { stdout } = await run('id', ['-u', osUser]).catch(() => ({ stdout: '' }));
    if (!stdout.trim())
      throw new Error(`running as root, but there is no '${osUser}' OS user to run PostgreSQL`);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', osUser])).stdout.trim());
    chownSync(root, uid, gid);
    chownSync(socketDir, uid, gid);
    chmodSync(root, 0o755);
  }
  await asPg({ osUser }, join(bin, 'initdb'), [
    '-D',
    dataDir,
    '--username=postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  writeFileSync(join(dataDir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  const port = await freePortIn(PORT_RANGE[0], PORT_RANGE[1]);
  const info = {
    bin,
    dataDir,
    socketDir,
    port,
    osUser,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
  };
  await startPostgres(info);
  return info;
}

export async function startPostgres(info: PostgresClusterInfo): Promise<void> {
  const options = [
    `-p ${info.port}`,
    `-k ${info.socketDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c max_connections=300',
  ].join(' ');
  await asPg(info, join(info.bin, 'pg_ctl'), [
    '-D',
    info.dataDir,
    '-l',
    join(info.dataDir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    options,
    'start',
  ]);
}

/** `fast` aborts open sessions, as an operator's restart or a crash of the server would. */
export async function stopPostgres(info: PostgresClusterInfo): Promise<void> {
  await asPg(info, join(info.bin, 'pg_ctl'), ['-D', info.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
}

export async function isPostgresRunning(info: PostgresClusterInfo): Promise<boolean> {
  return existsSync(join(info.dataDir, 'postmaster.pid'));
}

export async function destroyPostgresCluster(info: PostgresClusterInfo): Promise<void> {
  if (await isPostgresRunning(info)) {
    await asPg(info, join(info.bin, 'pg_ctl'), ['-D', info.dataDir, '-m', 'immediate', '-w', 'stop']).catch(
      () => undefined,
    );
  }
  rmSync(join(info.dataDir, '..'), { recursive: true, force: true });
}
