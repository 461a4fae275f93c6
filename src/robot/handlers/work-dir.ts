import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TaskError } from '../task-error.js';

/**
 * Confinement of the file handlers to the robot's work directory. Paths come from workflow
 * definitions, and the directory may hold symlinks and hard links an allowed command made, so:
 * - the path is normalised lexically first (absolute paths and `..` that climbs out are refused)
 *   and then walked one directory at a time, each resolved with realpath and held inside;
 * - the final part is opened with O_NOFOLLOW (a symlink swapped in after the checks fails to open),
 *   and a symlink there is followed only when its target exists inside the work directory;
 * - once open, the file itself is confirmed: a regular file with one name only, whose real path is
 *   inside and is the very inode that was opened. A directory on the way swapped for a symlink
 *   between the checks and the open is caught here, before one byte is read or written.
 */
export type OpenMode = 'read' | 'write' | 'append';

export interface OpenedFile {
  handle: FileHandle;
  /** The path relative to the work directory, as reported back to the workflow. */
  shown: string;
}

const OPEN_FLAGS: Record<OpenMode, number> = {
  read: constants.O_RDONLY,
  // No O_TRUNC: the file is emptied only after it is confirmed to be inside (see fileWrite).
  write: constants.O_WRONLY | constants.O_CREAT,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
};

/**
 * Opens `requested` (relative to the work directory) for reading or writing. Writing creates the
 * missing directories, one level at a time, each checked before the next is made inside it.
 */
export async function openInWorkDir(workDir: string, requested: string, mode: OpenMode): Promise<OpenedFile> {
  const root = await realpath(workDir);
  const parts = partsBelow(root, requested);
  const last = parts.at(-1);
  if (last === undefined) throw new TaskError('NOT_A_FILE', `${requested} is the work directory itself`);
  const shown = parts.join('/');
  const dir = await directoryInside(root, parts.slice(0, -1), requested, mode !== 'read');
  let path = join(dir, last);
  const real = await realpathIfExists(path, requested);
  if (real !== undefined) {
    if (!within(root, real)) throw outside(requested);
    path = real;
  } else if (await isSymlink(path)) {
    throw danglingLink(requested);
  } else if (mode === 'read') {
    throw notFound(shown);
  }
  // O_NONBLOCK: a FIFO a command left here must not hang the open (it is refused below).
  const flags = OPEN_FLAGS[mode] | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const handle = await open(path, flags, 0o666).catch((error: NodeJS.ErrnoException) => {
    throw openFailure(error, requested, shown);
  });
  try {
    await confirmInside(root, path, handle, requested, shown);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { handle, shown };
}

/** A directory inside the work directory (a command's working directory); it must exist. */
export async function directoryInWorkDir(workDir: string, requested: string): Promise<string> {
  const root = await realpath(workDir);
  return directoryInside(root, partsBelow(root, requested), requested, false);
}

/** The path's parts below the work directory, after lexical normalisation. */
function partsBelow(root: string, requested: string): string[] {
  if (isAbsolute(requested) || requested.includes('\0')) throw outside(requested);
  const target = resolve(root, requested);
  if (!within(root, target)) throw outside(requested);
  return relative(root, target).split(sep).filter(Boolean);
}

/** Walks `parts` as directories from the root: each level's real path must stay inside. */
async function directoryInside(
  root: string,
  parts: string[],
  requested: string,
  create: boolean,
): Promise<string> {
  let dir = root;
  for (const part of parts) {
    const next = join(dir, part);
    // Not recursive: `mkdir -p` would follow a symlinked level and create directories outside.
    if (create) await mkdir(next).catch(ignoreCode('EEXIST'));
    const real = await realpathIfExists(next, requested);
    if (real === undefined) {
      if (await isSymlink(next)) throw danglingLink(requested);
      throw notFound(relative(root, next));
    }
    if (!within(root, real)) throw outside(requested);
    const info = await stat(real).catch(() => undefined);
    if (!info) throw notFound(relative(root, next));
    if (!info.isDirectory()) {
      throw new TaskError('NOT_A_DIRECTORY', `${relative(root, real)} is not a directory`);
    }
    dir = real;
  }
  return dir;
}

/**
 * The opened file is the one inside: with a single name (no hard link elsewhere), the name's real
 * path is inside and names the same inode as the descriptor.
 */
async function confirmInside(
  root: string,
  path: string,
  handle: FileHandle,
  requested: string,
  shown: string,
): Promise<void> {
  const opened = await handle.stat();
  if (!opened.isFile()) throw new TaskError('NOT_A_FILE', `${shown} is not a regular file`);
  if (opened.nlink > 1) {
    throw new TaskError(
      'PATH_OUTSIDE_WORK_DIR',
      `${requested} has ${opened.nlink} hard links; one may be outside the robot's work directory`,
    );
  }
  const real = await realpathIfExists(path, requested);
  const named =
    real !== undefined && within(root, real) ? await stat(real).catch(() => undefined) : undefined;
  if (!named || named.ino !== opened.ino || named.dev !== opened.dev) throw outside(requested);
}

async function realpathIfExists(path: string, requested: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // ELOOP: a cycle of symlinks leads nowhere inside.
    if (code === 'ELOOP') throw new TaskError('PATH_OUTSIDE_WORK_DIR', `${requested} is a loop of symlinks`);
    throw error;
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function openFailure(error: NodeJS.ErrnoException, requested: string, shown: string): Error {
  switch (error.code) {
    // The final part became a symlink after the checks (O_NOFOLLOW).
    case 'ELOOP':
      return outside(requested);
    case 'ENOENT':
    case 'ENOTDIR':
      return notFound(shown);
    // A directory, or a FIFO with no reader (O_NONBLOCK).
    case 'EISDIR':
    case 'ENXIO':
      return new TaskError('NOT_A_FILE', `${shown} is not a regular file`);
    default:
      return error;
  }
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

const ignoreCode = (code: string) => (error: NodeJS.ErrnoException) => {
  if (error.code !== code) throw error;
};

const outside = (requested: string) =>
  new TaskError('PATH_OUTSIDE_WORK_DIR', `${requested} is outside the robot's work directory`);

const danglingLink = (requested: string) =>
  new TaskError(
    'PATH_OUTSIDE_WORK_DIR',
    `${requested} goes through a symlink whose target does not exist; such links are never followed`,
  );

const notFound = (shown: string) => new TaskError('FILE_NOT_FOUND', `${shown} does not exist`);
