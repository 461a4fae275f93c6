// Search attribute keys shared by the API (list filters, start options) and workflow code
// (upserts). Workflow code is bundled by the Temporal bundler, so this module must import
// nothing but @temporalio/common: no Node built-ins, no app modules.
//
// The server-side registration comes from temporal-dev.yml (`search_attributes`); the dev
// server test checks that these keys and that file agree.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The owning organization; every list query filters on it so tenants never see each other's runs. */
export const ConveyorOrgId = defineSearchAttributeKey('ConveyorOrgId', SearchAttributeType.KEYWORD);

/** Our workflow (definition) id, `wf_…`, not the Temporal workflow id. */
export const ConveyorWorkflowId = defineSearchAttributeKey('ConveyorWorkflowId', SearchAttributeType.KEYWORD);

/** Our execution id, `exe_…` (also the Temporal workflow id). */
export const ConveyorExecutionId = defineSearchAttributeKey(
  'ConveyorExecutionId',
  SearchAttributeType.KEYWORD,
);

/** What started the run (for example a manual start or a schedule), for filtering run lists. */
export const ConveyorTrigger = defineSearchAttributeKey('ConveyorTrigger', SearchAttributeType.KEYWORD);

export const conveyorSearchAttributes = [
  ConveyorOrgId,
  ConveyorWorkflowId,
  ConveyorExecutionId,
  ConveyorTrigger,
] as const;
