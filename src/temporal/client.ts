import { Client, Connection } from '@temporalio/client';
import type { TemporalSettings } from './connection-options.js';

export interface TemporalHandle {
  client: Client;
  connection: Connection;
  namespace: string;
  taskQueue: string;
  close(): Promise<void>;
}

/** The API side's connection: starts, describes, signals and updates workflows. */
export async function connectTemporal(settings: TemporalSettings): Promise<TemporalHandle> {
  const connection = await Connection.connect({
    address: settings.address,
    tls: settings.tls,
    apiKey: settings.apiKey,
    connectTimeout: '10s',
  });
  const client = new Client({ connection, namespace: settings.namespace });
  return {
    client,
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    close: () => connection.close(),
  };
}
