/** The robot's side of the Conveyor API: plain fetch, the robot token as bearer. */

export interface ClaimedTask {
  id: string;
  task_type: string;
  payload: unknown;
  attempt: number;
  execution_id: string;
  timeout_at: string | null;
  heartbeat_interval_seconds: number | null;
}

export interface HeartbeatAnswer {
  agent_id: string;
  cancel_task_ids: string[];
  heartbeat_interval_seconds: number | null;
}

export type TaskReport =
  | { status: 'success'; output: unknown }
  | { status: 'failure'; error: { code: string; message: string }; retryable: boolean };

/** An answer the robot cannot go on from (bad token, deleted robot): it stops. */
export class FatalApiError extends Error {}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** A task, or null after the long-poll; the answer also names the robot (its id for heartbeats). */
  async claim(
    waitSeconds: number,
    taskTypes: string[],
    signal?: AbortSignal,
  ): Promise<{ agentId: string; task: ClaimedTask | null }> {
    const answer = await this.post<{ agent_id: string; task: ClaimedTask | null }>(
      '/api/v1/agent-tasks/claim',
      { wait_seconds: waitSeconds, task_types: taskTypes },
      signal,
    );
    if (!answer.body) throw new Error('empty claim answer');
    return { agentId: answer.body.agent_id, task: answer.body.task };
  }

  async heartbeat(agentId: string, beat: Record<string, unknown>): Promise<HeartbeatAnswer> {
    const answer = await this.post<HeartbeatAnswer>(
      `/api/v1/agents/${encodeURIComponent(agentId)}/heartbeat`,
      beat,
    );
    if (!answer.body) throw new Error('empty heartbeat answer');
    return answer.body;
  }

  /** False when the server no longer wants this result (409: not ours any more, or the attempt ended). */
  async report(taskId: string, report: TaskReport): Promise<boolean> {
    const answer = await this.post(
      `/api/v1/agent-tasks/${encodeURIComponent(taskId)}/result`,
      report,
      undefined,
      [409],
    );
    return answer.status !== 409;
  }

  private async post<T>(
    path: string,
    body: unknown,
    signal?: AbortSignal,
    accepted: number[] = [],
  ): Promise<{ status: number; body: T | null }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as T) : null;
    if (response.ok || accepted.includes(response.status)) return { status: response.status, body: parsed };
    const detail = (parsed as { detail?: string } | null)?.detail ?? text.slice(0, 200);
    if (response.status === 401 || response.status === 403) {
      throw new FatalApiError(`${path}: ${response.status} ${detail}`);
    }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
}

/** Registers a robot with a user's access token (agents:write) and returns its token. */
export async function registerRobot(
  baseUrl: string,
  userToken: string,
  robot: { name: string; labels: string[]; capabilities: string[]; max_concurrency: number },
): Promise<{ id: string; token: string }> {
  const response = await fetch(new URL('/api/v1/agents', baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'robot', ...robot }),
  });
  const body = (await response.json()) as { id?: string; token?: string; detail?: string };
  if (response.status !== 201 || !body.id || !body.token) {
    throw new FatalApiError(`registering the robot failed: ${response.status} ${body.detail ?? ''}`);
  }
  return { id: body.id, token: body.token };
}
