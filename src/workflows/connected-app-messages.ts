// Messages between the API and connected apps' workflows. Bundle-safe, imported by both sides.
import { defineUpdate } from '@temporalio/workflow';

export const CONNECTED_APP_TOKEN_WORKFLOW_TYPE = 'connectedAppTokenWorkflow';
export const CONNECTED_APP_SYNC_WORKFLOW_TYPE = 'connectedAppSyncWorkflow';

/** Ids only: tokens never enter a workflow's input, result or history. */
export interface ConnectedAppTokenInput {
  orgId: string;
  appId: string;
}

export type RefreshReason = 'forced' | 'timer';

/** What one refresh came to; no token in it. */
export type RefreshOutcome =
  | { outcome: 'refreshed'; expiresAt: string | null }
  | { outcome: 'failed'; error: string; error_description?: string; status?: number }
  | { outcome: 'not_connected' };

/** The plan for the next refresh: when (null: the token does not expire), or stop. */
export type RefreshPlan = { state: 'connected'; refreshInMs: number | null } | { state: 'stopped' };

export interface SyncOutcome {
  status: 'completed' | 'failed';
  eventId: string;
}

/** A forced refresh (`POST /connected-apps/{id}/refresh-token`), run in turn with the timer's. */
export const refreshTokenUpdate = defineUpdate<RefreshOutcome, [{ reason: RefreshReason }]>('refreshToken');

/** One token workflow per app: its Temporal workflow id. */
export const connectedAppTokenWorkflowId = (appId: string) => `connected-app-token:${appId}`;
