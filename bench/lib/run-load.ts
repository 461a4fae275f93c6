// Spawns bench/lib/load-process.ts with a spec and returns its result.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadSpec, ProcessLoadResult } from './load-process.js';

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const ENTRY = fileURLToPath(new URL('./load-process.ts', import.meta.url));

export function runLoadProcess(spec: LoadSpec): Promise<ProcessLoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [ENTRY], {
      env: { ...process.env, LOAD_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) {
        const result = JSON.parse(line.slice('RESULT '.length)) as ProcessLoadResult;
        // JSON turns the NaN percentiles of a window without completions into null.
        resolve({ ...result, p50Ms: result.p50Ms ?? Number.NaN, p99Ms: result.p99Ms ?? Number.NaN });
      } else reject(new Error(`load process exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}
