import { z } from 'zod';
import { requirePermission, type ServiceContext } from '../context.js';
import { AI_TASK_TYPES } from './task-types/index.js';

export interface AiTaskTypeInfo {
  type: string;
  description: string;
  route: string;
  step_type: string;
  structured: boolean;
  input_schema: Record<string, unknown>;
  output_schema: Record<string, unknown>;
}

/** Every task type with its input and result schemas (JSON Schema), as routes and steps take them. */
export function listAiTaskTypes(ctx: ServiceContext): { data: AiTaskTypeInfo[] } {
  requirePermission(ctx, 'ai:use');
  return {
    data: Object.values(AI_TASK_TYPES).map((taskType) => ({
      type: taskType.name,
      description: taskType.description,
      route: `/api/v1/ai/${taskType.name}`,
      step_type: `ai.${taskType.name}`,
      structured: taskType.kind === 'structured',
      input_schema: z.toJSONSchema(taskType.input, { unrepresentable: 'any', io: 'input' }) as Record<
        string,
        unknown
      >,
      output_schema: z.toJSONSchema(taskType.output, { unrepresentable: 'any' }) as Record<string, unknown>,
    })),
  };
}
