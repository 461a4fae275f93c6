import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../lib/keys/keyring.js';
import type { TemporalSettings } from './connection-options.js';
import { conveyorDataConverter } from './data-converter.js';
import type { ConveyorPayloadCodec } from './payload-codec.js';

export interface TemporalHandle {
  client: Client;
  connection: Connection;
  namespace: string;
  taskQueue: string;
  /** The converter this client encodes with; the codec server decodes with its codec. */
  dataConverter: DataConverter;
  codec: ConveyorPayloadCodec;
  close(): Promise<void>;
}

/** The API side's connection: starts, describes, signals and updates workflows. */
export async function connectTemporal(settings: TemporalSettings, keyring: Keyring): Promise<TemporalHandle> {
  const connection = await Connection.connect({
    address: settings.address,
    tls: settings.tls,
    apiKey: settings.apiKey,
    connectTimeout: '10s',
  });
  const dataConverter = conveyorDataConverter(keyring);
  const client = new Client({ connection, namespace: settings.namespace, dataConverter });
  return {
    client,
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    dataConverter,
    codec: dataConverter.payloadCodecs?.[0] as ConveyorPayloadCodec,
    close: () => connection.close(),
  };
}
