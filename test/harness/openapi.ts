import type { App } from '../../src/api/env.js';

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  permission: string | undefined;
  resource: string | undefined;
  pathParams: string[];
  hasBody: boolean;
}

interface RawOperation {
  operationId?: string;
  'x-permission'?: string;
  'x-resource'?: string;
  requestBody?: unknown;
  parameters?: { in: string; name: string }[];
}

/** Every operation in the app's own /openapi.json: the suites below are generated from it. */
export async function listOperations(app: App): Promise<Operation[]> {
  const response = await app.request('/openapi.json');
  const spec = (await response.json()) as { paths: Record<string, Record<string, RawOperation>> };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId ?? `${method} ${path}`,
      permission: op['x-permission'],
      resource: op['x-resource'],
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      hasBody: op.requestBody !== undefined,
    })),
  );
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? `missing-${name}`),
  );
}
