import { z } from 'zod';
import { defineTaskType } from './task-type.js';

const Input = z.strictObject({
  prompt: z.string().min(1).max(100_000),
  system: z.string().max(20_000).optional(),
  max_tokens: z.number().int().min(1).max(8192).optional(),
});

const SYSTEM =
  'You are the assistant of Conveyor, a workflow automation platform, answering its users. ' +
  'Answer accurately and concisely; say so when you do not know.';

/** A free-form question, optionally within a conversation whose earlier turns are sent with it. */
export default defineTaskType({
  name: 'ask',
  description:
    'Send a prompt to Claude and get its answer; with `conversation_id`, the earlier turns are sent too.',
  input: Input,
  output: z.object({ answer: z.string() }),
  kind: 'text',
  textField: 'answer',
  prompt: (input) => ({
    system: input.system ? `${SYSTEM}\n\n${input.system}` : SYSTEM,
    user: input.prompt,
    maxTokens: input.max_tokens ?? 2048,
  }),
});
