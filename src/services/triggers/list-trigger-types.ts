import { TRIGGER_TYPES, type TriggerType } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { configJsonSchema, TRIGGER_DESCRIPTIONS } from './config.js';

export interface TriggerTypeInfo {
  type: TriggerType;
  description: string;
  config_schema: Record<string, unknown>;
}

export function listTriggerTypes(ctx: ServiceContext): TriggerTypeInfo[] {
  requirePermission(ctx, 'triggers:read');
  return TRIGGER_TYPES.map((type) => ({
    type,
    description: TRIGGER_DESCRIPTIONS[type],
    config_schema: configJsonSchema(type),
  }));
}
