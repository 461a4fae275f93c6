import type { FileHandle } from 'node:fs/promises';
import { TaskError } from '../task-error.js';
import { isBoolean, isString, objectPayload, optional, stringField } from './payload.js';
import type { TaskHandler } from './types.js';
import { openInWorkDir } from './work-dir.js';

const MAX_READ_BYTES = 5 * 1024 * 1024;
const ENCODINGS = ['utf8', 'base64'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * `file.read`: `{ path, encoding?: 'utf8' | 'base64' }` → `{ path, content, size }`. The path is
 * relative to the robot's work directory and may not leave it: `..`, absolute paths, symlinks that
 * lead out or lead nowhere, and files with a second hard link are refused (see work-dir.ts).
 */
export const fileRead: TaskHandler = async (payload, ctx) => {
  const fields = objectPayload(payload, 'file.read');
  const encoding = encodingOf(fields, 'file.read');
  const { handle, shown } = await openInWorkDir(
    ctx.workDir,
    stringField(fields, 'path', 'file.read'),
    'read',
  );
  try {
    const content = await readBounded(handle, shown);
    return { path: shown, content: content.toString(encoding), size: content.length };
  } finally {
    await handle.close();
  }
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
  const { handle, shown } = await openInWorkDir(
    ctx.workDir,
    stringField(fields, 'path', 'file.write'),
    append ? 'append' : 'write',
  );
  try {
    // Emptied only now that the opened file is known to be inside the work directory.
    if (!append) await handle.truncate(0);
    await handle.writeFile(Buffer.from(content, encoding));
    return { path: shown, size: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
};

/** Reads at most MAX_READ_BYTES; a file that grows past it while being read is refused too. */
async function readBounded(handle: FileHandle, shown: string): Promise<Buffer> {
  const tooLarge = () => new TaskError('FILE_TOO_LARGE', `${shown} is over ${MAX_READ_BYTES} bytes`);
  if ((await handle.stat()).size > MAX_READ_BYTES) throw tooLarge();
  const buffer = Buffer.alloc(MAX_READ_BYTES + 1);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
    if (length > MAX_READ_BYTES) throw tooLarge();
  }
  return buffer.subarray(0, length);
}

function encodingOf(fields: Record<string, unknown>, taskType: string): Encoding {
  const encoding = optional(fields, 'encoding', isString, "'utf8' or 'base64'", taskType) ?? 'utf8';
  if (!(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new TaskError('INVALID_PAYLOAD', `${taskType}: encoding must be utf8 or base64`);
  }
  return encoding as Encoding;
}
