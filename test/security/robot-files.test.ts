import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_HANDLERS, type HandlerContext } from '../../src/robot/handlers/index.js';
import { USAGE } from '../../src/robot/options.js';
import { TaskError } from '../../src/robot/task-error.js';

/**
 * The robot's file handlers under a hostile workflow author: every way out of the work directory
 * (links, traversal, links a permitted command made, a directory swapped while a write runs).
 * Real files and real processes; nothing outside the scratch directory is touched.
 */
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-robot-files-'));
const workDir = join(scratch, 'work');
const outside = join(scratch, 'outside');
const secret = join(outside, 'secret.txt');

beforeAll(() => {
  mkdirSync(workDir);
  mkdirSync(outside);
  writeFileSync(secret, 'do not read');
  symlinkSync(join(outside, 'planted.txt'), join(workDir, 'dangling'));
  symlinkSync(join(outside, 'new-dir'), join(workDir, 'dangling-dir'));
  symlinkSync(secret, join(workDir, 'to-secret'));
  symlinkSync(outside, join(workDir, 'escape'));
  mkdirSync(join(workDir, 'inside'));
  writeFileSync(join(workDir, 'inside', 'real.txt'), 'mine');
  symlinkSync('inside/real.txt', join(workDir, 'alias'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function context(overrides: Partial<HandlerContext> = {}): HandlerContext {
  return {
    signal: new AbortController().signal,
    workDir,
    allowedCommands: new Set(['ln', 'mkfifo']),
    commandTimeoutMs: 5000,
    ...overrides,
  };
}

function run(type: string, payload: unknown) {
  const handler = BUILT_IN_HANDLERS[type];
  if (!handler) throw new Error(`no handler ${type}`);
  return handler(payload, context());
}

/** The handler's TaskError code, with a deadline so a handler stuck on a path fails the test. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const outcome = await Promise.race([
    promise.then(
      () => 'SUCCEEDED',
      (e: unknown) => (e instanceof TaskError ? e.code : `not a TaskError: ${String(e)}`),
    ),
    new Promise<string>((done) => setTimeout(() => done('TIMED_OUT'), 5000).unref()),
  ]);
  return outcome;
}

async function expectRefused(path: string) {
  expect(await codeOf(run('file.read', { path })), `read ${path}`).toBe('PATH_OUTSIDE_WORK_DIR');
  expect(await codeOf(run('file.write', { path, content: 'pwned' })), `write ${path}`).toBe(
    'PATH_OUTSIDE_WORK_DIR',
  );
  expect(await codeOf(run('file.write', { path, content: 'pwned', append: true })), `append ${path}`).toBe(
    'PATH_OUTSIDE_WORK_DIR',
  );
}

describe('robot file handlers stay inside the work directory', () => {
  it('refuse a dangling symlink to outside and write nothing through it', async () => {
    await expectRefused('dangling');
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
  });

  it('refuse a symlink to a file outside, leaving the file as it was', async () => {
    await expectRefused('to-secret');
    expect(readFileSync(secret, 'utf8')).toBe('do not read');
  });

  it('refuse a symlinked parent directory and create no directory through it', async () => {
    await expectRefused('escape/secret.txt');
    await expectRefused('escape/sub/deep.txt');
    expect(existsSync(join(outside, 'sub'))).toBe(false);
    await expectRefused('dangling-dir/x.txt');
    expect(existsSync(join(outside, 'new-dir'))).toBe(false);
    expect(readFileSync(secret, 'utf8')).toBe('do not read');
  });

  it('refuse .. traversal and absolute paths', async () => {
    for (const path of ['../outside/secret.txt', 'inside/../../outside/secret.txt', secret, '/etc/passwd']) {
      await expectRefused(path);
    }
    expect(readFileSync(secret, 'utf8')).toBe('do not read');
  });

  it('refuse symlinks and hard links that an allowed command created', async () => {
    await run('command.run', { command: 'ln', args: ['-s', secret, 'made-by-ln'] });
    await run('command.run', { command: 'ln', args: ['-s', join(outside, 'later.txt'), 'dangling-by-ln'] });
    await run('command.run', { command: 'ln', args: [secret, 'hard-by-ln'] });
    await expectRefused('made-by-ln');
    await expectRefused('dangling-by-ln');
    await expectRefused('hard-by-ln');
    expect(readFileSync(secret, 'utf8')).toBe('do not read');
    expect(existsSync(join(outside, 'later.txt'))).toBe(false);
  });

  it('refuse a FIFO without hanging', async () => {
    await run('command.run', { command: 'mkfifo', args: ['pipe'] });
    expect(await codeOf(run('file.read', { path: 'pipe' }))).toBe('NOT_A_FILE');
    expect(await codeOf(run('file.write', { path: 'pipe', content: 'x' }))).toBe('NOT_A_FILE');
  });

  it('never write through a directory swapped for a symlink while writes run', async () => {
    // A separate process flips `flip` between a real directory and a link out, as fast as it can,
    // for as long as the writes below take; each write is either inside or refused.
    const flipper = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
         const [flip, target] = process.argv.slice(1);
         const stop = Date.now() + 10000;
         while (Date.now() < stop) {
           try { fs.rmSync(flip, { recursive: true, force: true }); fs.mkdirSync(flip); } catch {}
           try { fs.rmSync(flip, { recursive: true, force: true }); fs.symlinkSync(target, flip); } catch {}
         }`,
        join(workDir, 'flip'),
        outside,
      ],
      { stdio: 'ignore' },
    );
    try {
      const deadline = Date.now() + 3000;
      let attempts = 0;
      while (Date.now() < deadline) {
        attempts += 1;
        const code = await codeOf(run('file.write', { path: 'flip/x.txt', content: 'pwned' }));
        expect(['SUCCEEDED', 'PATH_OUTSIDE_WORK_DIR', 'FILE_NOT_FOUND', 'NOT_A_DIRECTORY']).toContain(code);
      }
      expect(attempts).toBeGreaterThan(10);
    } finally {
      flipper.kill('SIGKILL');
    }
    // An empty file may be created by a lost race (the command could do that itself anyway);
    // the content never lands outside.
    const leaked = join(outside, 'x.txt');
    if (existsSync(leaked)) expect(readFileSync(leaked, 'utf8')).toBe('');
  });

  it('still read and write inside, through folders it creates and links that stay inside', async () => {
    expect(await run('file.write', { path: 'a/b/c/note.txt', content: 'hello' })).toEqual({
      path: 'a/b/c/note.txt',
      size: 5,
    });
    await run('file.write', { path: 'a/b/c/note.txt', content: ' world', append: true });
    expect(await run('file.read', { path: 'a/b/c/note.txt' })).toEqual({
      path: 'a/b/c/note.txt',
      content: 'hello world',
      size: 11,
    });
    // Overwriting truncates: the old, longer content is gone.
    await run('file.write', { path: 'a/b/c/note.txt', content: 'bye' });
    expect(readFileSync(join(workDir, 'a/b/c/note.txt'), 'utf8')).toBe('bye');
    expect(await run('file.read', { path: 'alias' })).toMatchObject({ content: 'mine' });
    expect(await run('file.read', { path: './inside/../inside/real.txt' })).toMatchObject({
      path: 'inside/real.txt',
      content: 'mine',
    });
    expect(await codeOf(run('file.read', { path: 'missing.txt' }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(run('file.read', { path: 'inside' }))).toBe('NOT_A_FILE');
  });

  it('say in the help text what an allowed command can reach', () => {
    expect(USAGE).toContain('NOT confined');
    expect(USAGE).toMatch(/robot's OS user/);
  });
});
