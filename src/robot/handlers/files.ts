import { mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { TaskError } from '../task-error.js';
import { isBoolean, isString, objectPayload, optional, stringField } from './payload.js';
import type { TaskHandler } from './types.js';

const MAX_READ_BYTES = 5 * 1024 * 1024;
const ENCODINGS = ['utf8', 'base64'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * `file.read`: `{ path, encoding?: 'utf8' | 'base64' }` → `{ path, content, size }`. The path is
 * relative to the robot's work directory and may not leave it (`..`, absolute paths and symlinks
 * pointing out are refused).
 */
export const fileRead: TaskHandler = async (payload, ctx) => {
  const fields = objectPayload(payload, 'file.read');
  const encoding = encodingOf(fields, 'file.read');
  const { path, shown } = await insideWorkDir(ctx.workDir, stringField(fields, 'path', 'file.read'));
  const info = await stat(path).catch(notFound(shown));
  if (!info.isFile()) throw new TaskError('NOT_A_FILE', `${shown} is not a file`);
  if (info.size > MAX_READ_BYTES)
    throw new TaskError('FILE_TOO_LARGE', `${shown} is over ${MAX_READ_BYTES} bytes`);
  const content = await readFile(path);
  return { path: shown, content: content.toString(encoding), size: content.length };
};

/**
 * `file.write`: `{ path, content, encoding?, append? }` → `{ path, size }`, creating missing
 * directories, under the work directory only.
 */
export const fileWrite: TaskHandler = async (payload, ctx) => {
  const fields = objectPayload(payload, 'file.write');
  const encoding = encodingOf(fields, 'file.write');
  const content = fields.content;
  if (typeof content !== 'string')
    throw new TaskError('INVALID_PAYLOAD', 'file.write: `content` must be a string');
  const append = optional(fields, 'append', isBoolean, 'true or false', 'file.write') ?? false;
  const { path, shown } = await insideWorkDir(ctx.workDir, stringField(fields, 'path', 'file.write'));
  await mkdir(dirname(path), { recursive: true });
  // Checked again once the directories exist: one of them may be a symlink out of the work dir.
  await insideWorkDir(ctx.workDir, shown);
  await writeFile(path, Buffer.from(content, encoding), { flag: append ? 'a' : 'w' });
  return { path: shown, size: (await stat(path)).size };
};

function encodingOf(fields: Record<string, unknown>, taskType: string): Encoding {
  const encoding = optional(fields, 'encoding', isString, "'utf8' or 'base64'", taskType) ?? 'utf8';
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new TaskError('INVALID_PAYLOAD', `${taskType}: encoding must be utf8 or base64`);
  }
  return encoding as Encoding;
}

/**
 * Resolves `requested` inside the work directory, following symlinks of every part that exists,
 * and refuses anything that ends up outside it.
 */
export async function insideWorkDir(
  workDir: string,
  requested: string,
): Promise<{ path: string; shown: string }> {
  const root = await realpath(workDir);
  if (isAbsolute(requested)) throw outside(requested);
  const target = resolve(root, requested);
  if (!within(root, target)) throw outside(requested);
  let existing = target;
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  if (!within(root, existing)) throw outside(requested);
  return { path: target, shown: relative(root, target) || '.' };
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

const outside = (requested: string) =>
  new TaskError('PATH_OUTSIDE_WORK_DIR', `${requested} is outside the robot's work directory`);

const notFound = (shown: string) => (error: NodeJS.ErrnoException) => {
  if (error.code === 'ENOENT') throw new TaskError('FILE_NOT_FOUND', `${shown} does not exist`);
  throw error;
};
