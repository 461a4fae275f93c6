import { decrypt, encrypt } from '../../lib/crypto.js';

/**
 * What the server keeps about the Temporal activity attempt behind an agent task: its task token
 * and the two timeouts the robot must live within. Sealed together with the master key (the
 * token completes the attempt, so it is a secret); the task id is bound in, so a ciphertext moved
 * to another row does not open there. Robots never see any of it, only the task id.
 */
export interface TaskAttempt {
  token: Uint8Array;
  /** The activity's heartbeat timeout: a claimed task whose robot goes quiet this long is retried. */
  heartbeatTimeoutMs: number | null;
  /** When the attempt's start-to-close timeout ends it, whatever the robot is doing. */
  timeoutAt: Date | null;
}

interface Sealed {
  v: 1;
  token: string;
  heartbeat_timeout_ms: number | null;
  timeout_at: string | null;
}

const contextOf = (taskId: string) => `agent_task:${taskId}`;

export function sealTaskAttempt(masterKey: Buffer, taskId: string, attempt: TaskAttempt): string {
  const sealed: Sealed = {
    v: 1,
    token: Buffer.from(attempt.token).toString('base64'),
    heartbeat_timeout_ms: attempt.heartbeatTimeoutMs,
    timeout_at: attempt.timeoutAt?.toISOString() ?? null,
  };
  return encrypt(masterKey, JSON.stringify(sealed), contextOf(taskId));
}

export function openTaskAttempt(masterKey: Buffer, taskId: string, ciphertext: string): TaskAttempt {
  const sealed = JSON.parse(decrypt(masterKey, ciphertext, contextOf(taskId))) as Sealed;
  return {
    token: new Uint8Array(Buffer.from(sealed.token, 'base64')),
    heartbeatTimeoutMs: sealed.heartbeat_timeout_ms,
    timeoutAt: sealed.timeout_at ? new Date(sealed.timeout_at) : null,
  };
}

/** How often a robot should heartbeat a task: a third of its timeout leaves two heartbeats of slack. */
export function heartbeatIntervalSeconds(attempt: TaskAttempt): number | null {
  return attempt.heartbeatTimeoutMs === null
    ? null
    : Math.max(1, Math.floor(attempt.heartbeatTimeoutMs / 3000));
}
