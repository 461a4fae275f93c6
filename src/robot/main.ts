// `npm run robot -- --url http://localhost:3000 --token rbt_…`: the reference RPA robot.
import { mkdirSync } from 'node:fs';
import { ApiClient, FatalApiError, registerRobot } from './api-client.js';
import { BUILT_IN_HANDLERS, type TaskHandler } from './handlers/index.js';
import { readSettings, USAGE, UsageError } from './options.js';
import { Robot } from './robot.js';

const VERSION = '0.1.0';

function log(message: string, data: Record<string, unknown> = {}) {
  const fields = Object.entries(data).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  console.log([new Date().toISOString(), message, ...fields].join(' '));
}

async function main(): Promise<number> {
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (error) {
    if (
      !(error instanceof UsageError) &&
      (error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    )
      throw error;
    console.error(`robot: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (settings === 'help') {
    console.log(USAGE);
    return 0;
  }
  const handlers: Record<string, TaskHandler> = {};
  for (const type of settings.taskTypes ?? Object.keys(BUILT_IN_HANDLERS)) {
    const handler = BUILT_IN_HANDLERS[type];
    if (!handler) {
      console.error(
        `robot: no built-in handler ${type} (have: ${Object.keys(BUILT_IN_HANDLERS).join(', ')})`,
      );
      return 2;
    }
    handlers[type] = handler;
  }
  if (settings.labelsIgnored) log('--labels only applies when registering; ignored');

  let token = settings.token;
  if (!token && settings.register) {
    const registered = await registerRobot(settings.url, settings.register.userToken, {
      name: settings.register.name,
      labels: settings.register.labels,
      capabilities: settings.register.capabilities,
      max_concurrency: settings.register.maxConcurrency,
    });
    // The only time the token is shown: keep it to start this robot again with --token.
    log('registered robot', { agent_id: registered.id, token: registered.token });
    token = registered.token;
  }
  if (!token) return 2;

  mkdirSync(settings.workDir, { recursive: true });
  const robot = new Robot({
    api: new ApiClient(settings.url, token),
    handlers,
    workDir: settings.workDir,
    allowedCommands: new Set(settings.allowedCommands),
    commandTimeoutMs: settings.commandTimeoutSeconds * 1000,
    concurrency: settings.concurrency,
    heartbeatSeconds: settings.heartbeatSeconds,
    waitSeconds: settings.waitSeconds,
    version: VERSION,
    log,
  });
  // First signal: stop claiming and finish the tasks in hand. Second: hand them back.
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      signals += 1;
      robot.stop(signals > 1);
    });
  }
  await robot.run();
  return 0;
}

try {
  process.exit(await main());
} catch (error) {
  log('robot failed', { error: (error as Error).message });
  process.exit(error instanceof FatalApiError ? 3 : 1);
}
