import type { LightMyRequestResponse } from 'fastify';
import { gql, makeUser, type GraphQLBody, type TestApp } from '../helpers/app';

/**
 * Small request helpers shared by the auth, GraphQL and HTTP tests. Everything goes through the
 * real app with app.inject; nothing here reaches into the server's internals.
 */

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The `extensions.code` of each error in a GraphQL response, in order. */
export const errorCodes = (body: GraphQLBody): unknown[] =>
  (body.errors ?? []).map((error) => error.extensions?.code);

export const PLAIN_CHALLENGE = 'Bearer realm="api"';
export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="api", error="invalid_token"';

/** A clock the test moves by hand, handed to createTestApp as `now`. Starts on a whole second. */
export function testClock() {
  let current = Math.floor(Date.now() / 1000) * 1000;
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

/** The session cookie a successful `login` sets, as `name=value` for a Cookie header. */
export function sessionCookieFrom(t: TestApp, response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === t.config.sessionCookieName);
  if (!cookie) throw new Error(`login set no ${t.config.sessionCookieName} cookie`);
  return `${cookie.name}=${cookie.value}`;
}

export const LOGIN = `mutation ($username: String!, $password: String!) {
  login(username: $username, password: $password) { user { id username } }
}`;

/** Logs in through the login mutation and returns the Cookie header value. */
export async function login(t: TestApp, username: string, password = 'correct horse') {
  const { response, body } = await gql(t, LOGIN, { variables: { username, password } });
  if (body.errors) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return sessionCookieFrom(t, response);
}

/** A user and the Cookie header of a session of theirs. */
export async function userWithSession(
  t: TestApp,
  username: string,
  extra: { isStaff?: boolean; isSuperuser?: boolean } = {},
) {
  const user = await makeUser(t, username, extra);
  return { user, cookie: await login(t, username) };
}

/** Runs SQL on the test database directly, to set up states the API does not offer. */
export async function sql(
  t: TestApp,
  query: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  return t.em().getConnection().execute(query, params);
}

/** The username `me` answers for a request with these headers, or null when anonymous. */
export async function whoAmI(t: TestApp, headers: Record<string, string>) {
  const { body } = await gql(t, '{ me { username } }', { headers });
  expect(body.errors).toBeUndefined();
  const me = body.data?.me as { username: string } | null;
  return me?.username ?? null;
}
