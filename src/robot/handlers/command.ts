import { spawn } from 'node:child_process';
import { TaskError } from '../task-error.js';
import { isNumber, isString, isStringArray, objectPayload, optional, stringField } from './payload.js';
import type { TaskHandler } from './types.js';
import { directoryInWorkDir } from './work-dir.js';

const TYPE = 'command.run';
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * `command.run`: `{ command, args?, cwd?, stdin?, timeout_ms? }` → `{ exit_code, stdout, stderr }`.
 * Only executables the robot was started with (`--allow-command`) run, with an argument array and
 * no shell, so nothing in the payload is ever interpreted by one. The working directory is the
 * work directory (or one inside it), but the command itself is not confined: it runs with the
 * robot's own OS permissions (the help text says so). A non-zero exit fails the task with COMMAND_FAILED.
 */
export const commandRun: TaskHandler = async (payload, ctx) => {
  const fields = objectPayload(payload, TYPE);
  const command = stringField(fields, 'command', TYPE);
  if (!ctx.allowedCommands.has(command)) {
    throw new TaskError('COMMAND_NOT_ALLOWED', `${command} is not among this robot's allowed commands`);
  }
  const args = optional(fields, 'args', isStringArray, 'an array of strings', TYPE) ?? [];
  const stdin = optional(fields, 'stdin', isString, 'a string', TYPE);
  const timeoutMs = Math.min(
    optional(fields, 'timeout_ms', isNumber, 'a number', TYPE) ?? ctx.commandTimeoutMs,
    ctx.commandTimeoutMs,
  );
  // Only where the command starts: once running it reaches whatever the robot's OS user can.
  const cwd = await directoryInWorkDir(
    ctx.workDir,
    optional(fields, 'cwd', isString, 'a string', TYPE) ?? '.',
  );

  const child = spawn(command, args, {
    cwd,
    shell: false,
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  if (child.stdin) {
    // A command may exit without reading its input; the broken pipe is no failure of the task.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const stop = () => child.kill('SIGKILL');
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const exitCode = await new Promise<number | null>((done, fail) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        fail(
          error.code === 'ENOENT' ? new TaskError('COMMAND_NOT_FOUND', `${command} was not found`) : error,
        ),
      );
      child.once('close', (code) => done(code));
    });
    ctx.signal.throwIfAborted();
    if (timedOut) throw new TaskError('COMMAND_TIMEOUT', `${command} ran longer than ${timeoutMs} ms`);
    const result = { exit_code: exitCode, stdout: stdout.text(), stderr: stderr.text() };
    if (exitCode !== 0) {
      throw new TaskError(
        'COMMAND_FAILED',
        `${command} exited with ${exitCode}: ${result.stderr.slice(-500)}`,
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', stop);
  }
};

function collect(stream: NodeJS.ReadableStream | null) {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= MAX_OUTPUT_BYTES) return;
    chunks.push(chunk.subarray(0, MAX_OUTPUT_BYTES - size));
    size += chunk.length;
  });
  return { text: () => Buffer.concat(chunks).toString('utf8') };
}
