import { z } from 'zod';
import { Instructions, TEXT_MAX } from './limits.js';
import { defineTaskType } from './task-type.js';

const Input = z.strictObject({
  text: z.string().min(1).max(TEXT_MAX),
  max_words: z.number().int().min(10).max(2000).optional(),
  format: z.enum(['paragraph', 'bullets']).optional(),
  focus: Instructions.optional(),
});

export default defineTaskType({
  name: 'summarize',
  description:
    'Summarize a text in at most `max_words` words (default 150), as a paragraph or bullet points.',
  input: Input,
  output: z.object({ summary: z.string() }),
  kind: 'text',
  textField: 'summary',
  prompt: (input) => {
    const words = input.max_words ?? 150;
    const shape = input.format === 'bullets' ? 'as bullet points ("- " per line)' : 'as one paragraph';
    return {
      system:
        `You summarize texts for operations teams. Write the summary ${shape}, in at most ${words} words, ` +
        'in the language of the text. Keep facts, numbers and names exact; add nothing that is not in the text. ' +
        'Answer with the summary only.' +
        (input.focus ? `\nFocus on: ${input.focus}` : ''),
      user: `<text>\n${input.text}\n</text>`,
      maxTokens: Math.min(4096, Math.ceil(words * 2.5) + 64),
    };
  },
});
