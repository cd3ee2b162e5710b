import { hash, randomBytes } from 'node:crypto';

/** A new opaque credential: 256 random bits, base64url, which RFC 6750's b64token syntax allows. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database stores in place of a token, session key or code: its SHA-256, in hex. Every
 * authenticated request computes one, so it uses the one-shot `hash`, a few times cheaper than a
 * `createHash` object.
 */
export function checksum(value: string): string {
  return hash('sha256', value, 'hex');
}
