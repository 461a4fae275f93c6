import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../lib/keys/keyring.js';
import { ConveyorPayloadCodec } from './payload-codec.js';

/** Also part of every workflow bundle's options (workflow-bundle.ts), so the bundle cache key covers it. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/**
 * The data converter of every Client and Worker (API, worker, tests, benchmarks, tools, replay):
 * payloads sealed by the keyring's payload codec, failures' messages and stacks inside them.
 */
export function conveyorDataConverter(keyring: Keyring): DataConverter {
  return { payloadCodecs: [new ConveyorPayloadCodec(keyring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
