// A private PostgreSQL 15 for a benchmark, in a scratch directory, stopped afterwards (the recipe
// of .ci/run's start_postgres). Settings are durable except synchronous_commit=off, the same
// durability class as the dev server's SQLite WAL + synchronous=normal: a killed process loses
// nothing, a power cut may lose the last commits.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  url: string;
  /** Extra settings it was started with, for the notes. */
  settings: string;
  /** The postmaster's pid (its backends are its children). */
  pid(): number;
  stop(): void;
}

export function startPostgres(port: number): PrivatePostgres {
  const scratch = mkdtempSync(join(tmpdir(), 'conveyor-bench-pg-'));
  const data = join(scratch, 'data');
  const sock = join(scratch, 'sock');
  mkdirSync(sock);
  chmodSync(scratch, 0o777);
  chmodSync(sock, 0o777);
  const asPg = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    execFileSync(
      root ? 'runuser' : join(PG_BIN, command),
      root ? ['-u', 'postgres', '--', join(PG_BIN, command), ...args] : args,
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  };
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:', scratch]);
  asPg('initdb', [
    '-D',
    data,
    '--username=postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  const settings = 'synchronous_commit=off, shared_buffers=256MB, max_connections=200';
  asPg('pg_ctl', [
    '-D',
    data,
    '-l',
    join(scratch, 'postgres.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c shared_buffers=256MB -c max_connections=200`,
    'start',
  ]);
  asPg('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'create database conveyor']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/conveyor`,
    settings,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      try {
        asPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
