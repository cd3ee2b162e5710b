import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config';

/**
 * The key that signs session cookies. Production must set SECRET_KEY (config refuses to start
 * without it). In development one is generated on first start and kept in the data folder, so
 * sessions survive restarts without anyone having to invent a key.
 */
export async function resolveSecretKey(config: Config): Promise<string> {
  if (config.secretKey) return config.secretKey;

  const file = path.resolve(config.dataDir, 'secret_key');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();

  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(48).toString('base64url');
  await writeFile(file, key, { mode: 0o600 });
  return key;
}
