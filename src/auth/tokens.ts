import { createHash, randomBytes } from 'node:crypto';

/** A new opaque credential: 256 random bits, base64url, which RFC 6750's b64token syntax allows. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores in place of a token, session key or code: its SHA-256, in hex. */
export function checksum(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
