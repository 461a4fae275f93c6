import type { Tool } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { z } from 'zod';
import type { AiTaskName } from '../../../workflows/ai-messages.js';

/** What a task type sends: the system prompt, this turn's user text, and its settings. */
export interface AiPrompt {
  system: string;
  user: string;
  maxTokens: number;
}

/** A check of the model's structured answer: the value to return, or what is wrong with it. */
export type AnswerCheck = { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * One task type, in one module: its input (the /ai/<type> body and the `ai.<type>` step's
 * rendered config), its prompt and model settings, and how its answer becomes `result`.
 * A text task's result is the answer's text under `textField`; a structured one forces a call of
 * its `tool`, whose input is checked by `check` and retried a bounded number of times.
 */
export type AiTaskType<S extends z.ZodObject = z.ZodObject, I = z.infer<S>> = {
  name: AiTaskName;
  description: string;
  input: S;
  /** The shape of `result`, for /ai/task-types and the OpenAPI description. */
  output: z.ZodType;
  prompt(input: I): AiPrompt;
} & (
  | { kind: 'text'; textField: string }
  | {
      kind: 'structured';
      tool(input: I): Tool;
      check(answer: unknown, input: I): AnswerCheck;
    }
);

export const defineTaskType = <S extends z.ZodObject>(taskType: AiTaskType<S>): AiTaskType<S> => taskType;

/** zod's issues as short lines the model can act on ("category: expected one of …"). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`);
}
