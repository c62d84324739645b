import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';

export const ERASED = ERASED_PERSONAL_DATA;

const PREFIX = 'pii:v1:';

/** `pii:v1:<key id>:<iv>:<ciphertext>:<tag>`, AES-256-GCM, base64url parts; the key id says which key. */
export function encrypt(keyId: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function keyIdOf(value: string): string | null {
  if (!isEncrypted(value)) return null;
  return value.slice(PREFIX.length).split(':')[0] ?? null;
}

/** The plaintext, or ERASED when the party's key no longer exists. */
export function decrypt(value: string, key: Buffer | null): string {
  if (!isEncrypted(value)) return value;
  if (!key) return ERASED;
  const [keyId, iv, body, tag] = value.slice(PREFIX.length).split(':') as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
