import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, settingsSchema } from '../src/config';

test('the README documents every setting the configuration module reads, and no other', () => {
  const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
  const documented = [...readme.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((match) => match[1]);
  expect(documented.sort()).toEqual(Object.keys(settingsSchema.shape).sort());
});

test('a bad value names the variable and what it accepts', () => {
  expect(() => loadConfig({ INVALID_TOKEN: 'maybe' })).toThrow(ConfigError);
  expect(() => loadConfig({ INVALID_TOKEN: 'maybe' })).toThrow(/INVALID_TOKEN.*anonymous.*reject/);
  expect(() => loadConfig({ AUTH_BACKENDS: 'session,ldap' })).toThrow(/AUTH_BACKENDS/);
  expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
});

test('production refuses to start without a secret key', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
  expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(32) }).development).toBe(
    false,
  );
});

test('default scopes must be among the known scopes', () => {
  expect(() => loadConfig({ SCOPES: 'read', DEFAULT_SCOPES: 'write' })).toThrow(/DEFAULT_SCOPES/);
});
