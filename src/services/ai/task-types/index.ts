import type { z } from 'zod';
import type { AiTaskName } from '../../../workflows/ai-messages.js';
import analyze from './analyze.js';
import ask from './ask.js';
import classify from './classify.js';
import decide from './decide.js';
import extract from './extract.js';
import summarize from './summarize.js';
import type { AiTaskType } from './task-type.js';

/** Every task type, by name: what /ai/<type>, `ai.<type>` steps and /ai/task-types share. */
export const AI_TASK_TYPES = { ask, analyze, decide, classify, extract, summarize } satisfies Record<
  AiTaskName,
  { name: AiTaskName }
>;

// The registry's entries differ in input type; callers check input with the entry's own schema.
export const taskTypeOf = (name: AiTaskName): AiTaskType<z.ZodObject, unknown> =>
  AI_TASK_TYPES[name] as unknown as AiTaskType<z.ZodObject, unknown>;
