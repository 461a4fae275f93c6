import { z } from 'zod';

/** Text a task takes: about 50k tokens at most, well inside every allowed model's context. */
export const TEXT_MAX = 200_000;
export const INSTRUCTIONS_MAX = 4000;

export const Instructions = z.string().max(INSTRUCTIONS_MAX);

/** A JSON value sent to the model, capped by its serialized size. */
export const BoundedJson = z
  .unknown()
  .refine((value) => value !== undefined, 'required')
  .refine((value) => {
    try {
      return (JSON.stringify(value) ?? '').length <= TEXT_MAX;
    } catch {
      return false;
    }
  }, `at most ${TEXT_MAX} characters once serialized as JSON`);

/** A list of distinct labels (categories, options), each short and non-blank. */
export const labelList = (min: number, max: number) =>
  z
    .array(z.string().trim().min(1).max(100))
    .min(min)
    .max(max)
    .refine((labels) => new Set(labels).size === labels.length, 'entries must be distinct');

export const Confidence = z.number().min(0).max(1);
export const Reason = z.string().min(1).max(4000);

/** JSON the model reads: compact, and the same for the same value (the prompt caches then). */
export const asJson = (value: unknown): string => JSON.stringify(value, null, 2);
