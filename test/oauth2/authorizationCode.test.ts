import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { checksum } from '../../src/auth/tokens';
import { Application as ApplicationEntity, Grant, User } from '../../src/entities';
import type { Application } from '../../src/entities';
import { authorizationCodeGrant } from '../../src/oauth2/grants/authorizationCode';
import { OAuthError } from '../../src/oauth2/errors';
import { authorizeUrl, browse, redirectParams, signedIn } from './authorizeWalk';
import { LogCapture, TestClock, readSecret, tokenRequest } from './helpers';

/**
 * The authorization_code grant at the token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.5): each way a
 * code can be refused, and what a second use of a code does to the tokens of the first.
 */

const REDIRECT = 'https://client.example/callback';
const VERIFIER = 'Zm9yLXRlc3RzLW9ubHktYS12ZXJpZmllci10aGF0LWlzLWxvbmctZW5vdWdo';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

interface Client {
  application: Application;
  clientId: string;
  clientSecret: string | null;
}

const clock = new TestClock();
const logs = new LogCapture();
let t: TestApp;
let alice: User;
let confidential: Client;
let publicClient: Client;

async function makeClient(
  clientType: 'confidential' | 'public',
  grantTypes: ('authorization_code' | 'refresh_token')[] = ['authorization_code', 'refresh_token'],
): Promise<Client> {
  const { application, clientSecret } = await makeApplication(t, {
    clientType,
    grantTypes,
    redirectUris: [REDIRECT],
    skipAuthorization: true,
  });
  return { application, clientId: application.clientId, clientSecret };
}

beforeAll(async () => {
  t = await createTestApp({ now: clock.now, logStream: logs, env: { LOG_LEVEL: 'info' } });
  alice = await makeUser(t, 'alice');
  confidential = await makeClient('confidential');
  publicClient = await makeClient('public');
});
afterAll(() => t.close());

/** Runs the authorization request as alice (consent is skipped) and returns the code. */
async function obtainCode(
  client: Client,
  overrides: Record<string, string> = {},
  omit: string[] = [],
): Promise<string> {
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    scope: 'read write',
    state: 's1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const name of omit) delete params[name];
  const response = await browse(t, await signedIn(t, alice), {
    method: 'GET',
    url: authorizeUrl(params),
  });
  const code = redirectParams(response)?.get('code');
  if (!code) throw new Error(`No code: ${response.statusCode} ${response.headers.location}`);
  return code;
}

function redeem(client: Client, code: string, extra: Record<string, string | undefined> = {}) {
  const form: Record<string, string> = { grant_type: 'authorization_code', code };
  const fields = { redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra };
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form[name] = value;
  return tokenRequest(t, client, form);
}

function expectInvalidGrant(result: Awaited<ReturnType<typeof redeem>>) {
  expect(result.response.statusCode).toBe(400);
  expect(result.body).toMatchObject({ error: 'invalid_grant' });
  expect(result.response.headers['cache-control']).toBe('no-store');
}

describe('a code redeemed once', () => {
  test('gives an access and a refresh token that open { secret }', async () => {
    const code = await obtainCode(confidential);
    const { response, body } = await redeem(confidential, code);

    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'read write' });
    expect(body.refresh_token).toEqual(expect.any(String));
    expect((await readSecret(t, body.access_token)).secret).toBe('Secret contents!');

    const grant = await t.em().findOneOrFail(Grant, { checksum: checksum(code) });
    expect(grant.usedAt).toEqual(clock.now());
    expect(grant.accessToken).not.toBeNull();
  });

  test('gives no refresh token to an application without the refresh_token grant', async () => {
    const client = await makeClient('confidential', ['authorization_code']);
    const { response, body } = await redeem(client, await obtainCode(client));
    expect(response.statusCode).toBe(200);
    expect(body.refresh_token).toBeUndefined();
  });

  test('works for a public client with PKCE and no secret', async () => {
    const { response, body } = await redeem(publicClient, await obtainCode(publicClient));
    expect(response.statusCode).toBe(200);
    expect((await readSecret(t, body.access_token)).secret).toBe('Secret contents!');
  });

  test('works without PKCE for a confidential client that sent no challenge', async () => {
    const code = await obtainCode(confidential, {}, ['code_challenge', 'code_challenge_method']);
    const { response } = await redeem(confidential, code, { code_verifier: undefined });
    expect(response.statusCode).toBe(200);
  });
});

describe('a code used twice', () => {
  test('is invalid_grant, and the tokens of the first use are revoked', async () => {
    const code = await obtainCode(confidential);
    const first = await redeem(confidential, code);
    expect(first.response.statusCode).toBe(200);

    expectInvalidGrant(await redeem(confidential, code));

    expect((await readSecret(t, first.body.access_token)).code).toBe('UNAUTHENTICATED');
    const refreshed = await tokenRequest(t, confidential, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant' });

    const reuse = logs.events('authorization_code_reused');
    expect(reuse.at(-1)).toMatchObject({ clientId: confidential.clientId, userId: alice.id });
    expect(logs.raw).not.toContain(code);
  });

  test('also revokes the tokens refreshed from the first pair', async () => {
    const code = await obtainCode(confidential);
    const first = await redeem(confidential, code);
    const rotated = await tokenRequest(t, confidential, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(rotated.response.statusCode).toBe(200);
    expect((await readSecret(t, rotated.body.access_token)).secret).toBe('Secret contents!');

    expectInvalidGrant(await redeem(confidential, code));

    expect((await readSecret(t, rotated.body.access_token)).code).toBe('UNAUTHENTICATED');
    const again = await tokenRequest(t, confidential, {
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token,
    });
    expect(again.body).toMatchObject({ error: 'invalid_grant' });
  });

  test('at the same moment: exactly one succeeds, and its tokens are revoked too', async () => {
    const code = await obtainCode(confidential);
    const results = await Promise.all([redeem(confidential, code), redeem(confidential, code)]);

    const statuses = results.map((result) => result.response.statusCode).sort();
    expect(statuses).toEqual([200, 400]);
    const winner = results.find((result) => result.response.statusCode === 200)!;
    const loser = results.find((result) => result.response.statusCode === 400)!;
    expect(loser.body).toMatchObject({ error: 'invalid_grant' });
    expect((await readSecret(t, winner.body.access_token)).code).toBe('UNAUTHENTICATED');
  });
});

describe('PKCE verifier', () => {
  test.each([
    ['wrong', { code_verifier: VERIFIER.replace(/.$/, 'x') }],
    ['missing', { code_verifier: undefined }],
    ['too short', { code_verifier: 'short' }],
    ['outside the unreserved characters', { code_verifier: `${VERIFIER.slice(0, 50)}+/=` }],
    ['the challenge itself', { code_verifier: CHALLENGE }],
  ])('%s: invalid_grant, and the code stays usable for the real client', async (_c, extra) => {
    const code = await obtainCode(confidential);
    expectInvalidGrant(await redeem(confidential, code, extra));

    const { response } = await redeem(confidential, code);
    expect(response.statusCode).toBe(200);
  });

  test('a verifier for a code issued without a challenge: invalid_grant', async () => {
    const code = await obtainCode(confidential, {}, ['code_challenge', 'code_challenge_method']);
    expectInvalidGrant(await redeem(confidential, code));
  });
});

describe('other refusals, all invalid_grant', () => {
  test('an expired code (60 s by default)', async () => {
    const late = await obtainCode(confidential);
    const inTime = await obtainCode(confidential);
    clock.advance(59);
    expect((await redeem(confidential, inTime)).response.statusCode).toBe(200);
    clock.advance(1);
    expectInvalidGrant(await redeem(confidential, late));
  });

  test('the code of another client, which then still works for its own', async () => {
    const other = await makeClient('confidential');
    const code = await obtainCode(confidential);
    expectInvalidGrant(await redeem(other, code));
    expect((await redeem(confidential, code)).response.statusCode).toBe(200);
  });

  test.each([
    ['another registered-looking URI', { redirect_uri: 'https://client.example/other' }],
    ['no redirect_uri although the request had one', { redirect_uri: undefined }],
  ])('redirect_uri: %s', async (_case, extra) => {
    const code = await obtainCode(confidential);
    expectInvalidGrant(await redeem(confidential, code, extra));
  });

  test('an unknown code', async () => {
    expectInvalidGrant(await redeem(confidential, 'A'.repeat(43)));
  });

  test('a user deactivated since approving', async () => {
    const bob = await makeUser(t, 'bob');
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: confidential.clientId,
      redirect_uri: REDIRECT,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const response = await browse(t, await signedIn(t, bob), {
      method: 'GET',
      url: `/o/authorize?${params}`,
    });
    const code = redirectParams(response)!.get('code')!;
    await t.em().nativeUpdate(User, { id: bob.id }, { isActive: false });

    expectInvalidGrant(await redeem(confidential, code));
  });

  test('no code at all is invalid_request', async () => {
    const result = await tokenRequest(t, confidential, {
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
    });
    expect(result.body).toMatchObject({ error: 'invalid_request' });
  });
});

test('the handler can be called directly with a GrantContext', async () => {
  const code = await obtainCode(publicClient);
  const em = t.em();
  const context = {
    services: t.services,
    em,
    client: await em.findOneOrFail(ApplicationEntity, publicClient.application.id),
    params: { code, redirect_uri: REDIRECT, code_verifier: VERIFIER },
    request: { log: t.services.logger } as FastifyRequest,
    now: clock.now(),
  };

  const response = await authorizationCodeGrant(context);
  expect(response).toMatchObject({ token_type: 'Bearer', scope: 'read write' });
  await expect(authorizationCodeGrant(context)).rejects.toEqual(expect.any(OAuthError));
  await expect(authorizationCodeGrant(context)).rejects.toMatchObject({ error: 'invalid_grant' });
});
