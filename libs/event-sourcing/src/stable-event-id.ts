import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, name-based on SHA-256) derived from `seed` and the event's index in its append.
 * A request retried with the same idempotency key produces the same ids, so even a retry that
 * outlived a crash between the append and the recorded response cannot write twice.
 */
export function stableEventId(seed: string, index: number): string {
  const bytes = createHash('sha256').update(`${seed}\u0000${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
