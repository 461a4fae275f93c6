import { commandRun } from './command.js';
import { fileRead, fileWrite } from './files.js';
import { httpRequest } from './http-request.js';
import type { TaskHandler } from './types.js';

export type { HandlerContext, TaskHandler } from './types.js';

/** The task types this robot does; it claims only these. */
export const BUILT_IN_HANDLERS: Record<string, TaskHandler> = {
  'http.request': httpRequest,
  'file.read': fileRead,
  'file.write': fileWrite,
  'command.run': commandRun,
};
