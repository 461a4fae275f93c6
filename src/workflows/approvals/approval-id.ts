/** Crockford base32, as in src/lib/ids.ts (which needs node:crypto and cannot run in a workflow). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An `apr_…` id made inside the workflow, in the shape of `newId('apr')`: a time-sortable body
 * from the workflow clock and random characters from the workflow's seeded generator, so a replay
 * makes the same id. The workflow names the request before the row exists, so a decision can never
 * reach the workflow before the workflow knows the request it is for.
 */
export function newApprovalId(): string {
  let time = '';
  let rest = Date.now();
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[Math.floor(Math.random() * 32)];
  return `apr_${time}${random}`;
}
