// The few API calls benchmarks make to set a scenario up, through HTTP like any client.
export async function apiCall<T>(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates and publishes a workflow; returns its id. */
export async function createPublishedWorkflow(
  apiUrl: string,
  token: string,
  name: string,
  definition: unknown,
): Promise<string> {
  const { id } = await apiCall<{ id: string }>(apiUrl, token, 'POST', '/api/v1/workflows', {
    name,
    definition,
  });
  await apiCall(apiUrl, token, 'POST', `/api/v1/workflows/${id}/publish`);
  return id;
}

/** A webhook trigger on the workflow: the URL path and the signing secret, shown once. */
export async function createWebhookTrigger(
  apiUrl: string,
  token: string,
  workflowId: string,
): Promise<{ path: string; secret: string }> {
  const trigger = await apiCall<{ webhook: { url_path: string; secret: string } }>(
    apiUrl,
    token,
    'POST',
    '/api/v1/triggers',
    { name: 'bench webhook', type: 'webhook', workflow_id: workflowId },
  );
  return { path: trigger.webhook.url_path, secret: trigger.webhook.secret };
}
