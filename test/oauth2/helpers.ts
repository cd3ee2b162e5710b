import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../helpers/app';

/** Form-encodes one half of a Basic credential as RFC 6749 §2.3.1 asks of clients. */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')}`;
}

/** POSTs a form to an OAuth2 endpoint; a string body is sent as is. */
export async function postForm(
  t: TestApp,
  url: string,
  form: Record<string, string> | string,
  headers: Record<string, string> = {},
) {
  const payload = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const options: InjectOptions = {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload,
  };
  const response = await t.app.inject(options);
  return { response, body: response.body === '' ? null : response.json() };
}

/** Asks for a token with client_secret_post credentials. */
export function tokenRequest(
  t: TestApp,
  client: { clientId: string; clientSecret: string | null },
  form: Record<string, string>,
) {
  const credentials: Record<string, string> = { client_id: client.clientId };
  if (client.clientSecret !== null) credentials.client_secret = client.clientSecret;
  return postForm(t, '/o/token', { ...credentials, ...form });
}

/** Runs `{ secret }` with a bearer token, as the GraphQL API's callers do. */
export async function readSecret(t: TestApp, token: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: { query: '{ secret }' },
  });
  const body = response.json() as {
    data?: { secret?: string } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return { response, secret: body.data?.secret ?? null, code: body.errors?.[0]?.extensions?.code };
}

/** A clock the server reads through `now`, moved by tests instead of sleeping. */
export class TestClock {
  current = new Date('2030-01-01T00:00:00Z');

  readonly now = () => new Date(this.current);

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** Collects the JSON log lines the server writes, to check what it logs and what it never does. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  raw = '';

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString();
    this.raw += text;
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }

  events(name: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.event === name);
  }
}

/**
 * Starts the app on a free loopback port, for clients that need a real server, and makes that
 * address the issuer, as ISSUER would be set in a deployment.
 */
export async function listen(t: TestApp): Promise<string> {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.issuer = address;
  return address;
}
