import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_HANDLERS, type HandlerContext } from '../../src/robot/handlers/index.js';
import { TaskError } from '../../src/robot/task-error.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';

/** The reference robot's built-in handlers, run directly: real files, real processes, a real socket. */
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-handlers-'));
const workDir = join(scratch, 'work');
const outside = join(scratch, 'outside');
let standIn: StandIn;

beforeAll(async () => {
  mkdirSync(workDir);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'do not read');
  symlinkSync(outside, join(workDir, 'escape'));
  standIn = await startHttpStandIn();
});
afterAll(async () => {
  await standIn?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function context(overrides: Partial<HandlerContext> = {}): HandlerContext {
  return {
    signal: new AbortController().signal,
    workDir,
    allowedCommands: new Set(['echo', 'sleep']),
    commandTimeoutMs: 5000,
    ...overrides,
  };
}

function run(type: string, payload: unknown, overrides: Partial<HandlerContext> = {}) {
  const handler = BUILT_IN_HANDLERS[type];
  if (!handler) throw new Error(`no handler ${type}`);
  return handler(payload, context(overrides));
}

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskError);
  return error as TaskError;
}

describe('file handlers', () => {
  it('write and read inside the work directory, creating folders', async () => {
    expect(await run('file.write', { path: 'a/b/note.txt', content: 'hello' })).toEqual({
      path: 'a/b/note.txt',
      size: 5,
    });
    await run('file.write', { path: 'a/b/note.txt', content: ' world', append: true });
    expect(readFileSync(join(workDir, 'a/b/note.txt'), 'utf8')).toBe('hello world');
    expect(await run('file.read', { path: 'a/b/note.txt' })).toEqual({
      path: 'a/b/note.txt',
      content: 'hello world',
      size: 11,
    });
    expect(await run('file.read', { path: 'a/b/note.txt', encoding: 'base64' })).toMatchObject({
      content: Buffer.from('hello world').toString('base64'),
    });
  });

  it('refuse paths that leave the work directory: .., absolute, through a symlink', async () => {
    for (const path of [
      '../outside/secret.txt',
      join(outside, 'secret.txt'),
      'escape/secret.txt',
      'a/../../x',
    ]) {
      expect((await failure(run('file.read', { path }))).code, path).toBe('PATH_OUTSIDE_WORK_DIR');
      expect((await failure(run('file.write', { path, content: 'x' }))).code, path).toBe(
        'PATH_OUTSIDE_WORK_DIR',
      );
    }
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('do not read');
    expect((await failure(run('file.read', { path: 'missing.txt' }))).code).toBe('FILE_NOT_FOUND');
    expect((await failure(run('file.read', { nope: 1 }))).code).toBe('INVALID_PAYLOAD');
  });
});

describe('command.run', () => {
  it('runs an allowed executable with an argument array and no shell', async () => {
    const result = await run('command.run', { command: 'echo', args: ['one', '$(whoami); rm -rf / | cat'] });
    expect(result).toEqual({ exit_code: 0, stdout: 'one $(whoami); rm -rf / | cat\n', stderr: '' });
  });

  it('feeds stdin to commands that read it, and ignores it for those that do not', async () => {
    const cat = await run(
      'command.run',
      { command: 'cat', stdin: 'piped in' },
      { allowedCommands: new Set(['cat']) },
    );
    expect(cat).toMatchObject({ exit_code: 0, stdout: 'piped in' });
    const echo = await run('command.run', { command: 'echo', args: ['done'], stdin: 'x'.repeat(2_000_000) });
    expect(echo).toMatchObject({ exit_code: 0, stdout: 'done\n' });
  });

  it('refuses executables not allowed, fails on non-zero exits, and stops at the timeout or on cancel', async () => {
    expect((await failure(run('command.run', { command: 'cat', args: ['/etc/passwd'] }))).code).toBe(
      'COMMAND_NOT_ALLOWED',
    );
    expect((await failure(run('command.run', { command: 'sh', args: ['-c', 'echo hi'] }))).code).toBe(
      'COMMAND_NOT_ALLOWED',
    );
    expect((await failure(run('command.run', { command: 'sleep', args: ['not-a-number'] }))).code).toBe(
      'COMMAND_FAILED',
    );
    expect(
      (await failure(run('command.run', { command: 'sleep', args: ['5'] }, { commandTimeoutMs: 200 }))).code,
    ).toBe('COMMAND_TIMEOUT');
    const controller = new AbortController();
    const started = Date.now();
    const running = run('command.run', { command: 'sleep', args: ['5'] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(4000);
    expect((await failure(run('command.run', { command: 'echo', cwd: '../outside' }))).code).toBe(
      'PATH_OUTSIDE_WORK_DIR',
    );
  });
});

describe('http.request', () => {
  it('calls the URL and classifies failures as retryable or not', async () => {
    standIn.on('/ok', (request) => ({ status: 200, body: { echoed: JSON.parse(request.body) } }));
    standIn.on('/busy', () => ({ status: 503, body: { busy: true } }));
    standIn.on('/gone', () => ({ status: 404, body: { missing: true } }));
    const ok = await run('http.request', { url: `${standIn.url}/ok`, method: 'post', body: { a: 1 } });
    expect(ok).toMatchObject({ status: 200, body: { echoed: { a: 1 } } });
    const busy = await failure(run('http.request', { url: `${standIn.url}/busy` }));
    expect([busy.code, busy.retryable]).toEqual(['HTTP_503', true]);
    const gone = await failure(run('http.request', { url: `${standIn.url}/gone` }));
    expect([gone.code, gone.retryable]).toEqual(['HTTP_404', false]);
    const down = await failure(run('http.request', { url: 'http://127.0.0.1:9/' }));
    expect([down.code, down.retryable]).toEqual(['NETWORK_ERROR', true]);
  });
});
