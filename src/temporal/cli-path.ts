// Node entry to scripts/temporal-cli.sh, which owns the find-or-build logic so that shell users
// and the app resolve the CLI the same way.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/temporal-cli.sh', import.meta.url));

/** Absolute path of a working Temporal CLI; may take minutes the first time (it builds one). */
export function resolveTemporalCli(): Promise<string> {
  return new Promise((resolvePath, reject) => {
    // stderr inherited: a first-time build prints its progress straight to the terminal.
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const path = stdout.trim();
      if (code === 0 && path) resolvePath(path);
      else reject(new Error(`${script} failed (exit code ${code}); its messages are above`));
    });
  });
}
