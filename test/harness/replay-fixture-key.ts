/**
 * The master key (version 1) the recorded replay histories are encrypted under: not a secret, it
 * protects nothing but test fixtures. scripts/record-histories.ts records with it and the replay
 * tests decode with it; histories recorded before payload encryption are plain and pass through.
 */
export const REPLAY_FIXTURE_MASTER_KEY = Buffer.from('conveyor replay fixtures, v1 key').toString('base64');
