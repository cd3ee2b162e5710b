import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Registry } from 'prom-client';
import type { Application, User } from '../../src/entities';

type MetricsJSON = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

interface Sample {
  value: number;
  metricName?: string;
  labels: Record<string, unknown>;
}

/**
 * One series' value from prom-client's own JSON view of a registry; 0 before it exists. A
 * histogram's `_count` and `_bucket` series are found by their metric name.
 */
function sample(metrics: MetricsJSON, name: string, labels: Record<string, string>): number {
  const series = metrics.flatMap((m) =>
    (m.values as Sample[]).map((v) => ({ ...v, name: v.metricName ?? m.name })),
  );
  const match = series.find(
    (v) =>
      v.name === name &&
      Object.keys(v.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => String(v.labels[key]) === value),
  );
  return match?.value ?? 0;
}

let t: TestApp;
let alice: User;
let application: Application;
let clientSecret: string;

beforeAll(async () => {
  t = await createTestApp();
  alice = await makeUser(t, 'alice', { isStaff: true });
  ({ application, clientSecret } = (await makeApplication(t)) as {
    application: Application;
    clientSecret: string;
  });
});
afterAll(() => t.close());

/** Scrapes /metrics as Prometheus would, then reads the values from the app's registry. */
async function scrape(app: TestApp = t): Promise<MetricsJSON> {
  const response = await app.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(response.body).toContain('# TYPE http_requests_total counter');
  // A copy: prom-client hands out its live value objects, which later increments would change.
  return structuredClone(await app.services.metrics!.registry.getMetricsAsJSON());
}

/** How much each named series moved while `action` ran. */
async function delta(
  series: [string, Record<string, string>][],
  action: () => Promise<unknown>,
): Promise<number[]> {
  const before = await scrape();
  await action();
  const after = await scrape();
  return series.map(([name, labels]) => sample(after, name, labels) - sample(before, name, labels));
}

const secretWith = (headers: Record<string, string> = {}) => gql(t, '{ secret }', { headers });

test('requests are counted by route pattern, method and status, with their latency', async () => {
  const moved = await delta(
    [
      ['http_requests_total', { route: '/graphql', method: 'POST', status: '200' }],
      ['http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }],
      ['http_request_duration_seconds_count', { route: '/graphql', method: 'POST' }],
    ],
    async () => {
      await secretWith();
      await secretWith();
      await t.app.inject({ method: 'GET', url: '/no/such/page?x=1' });
    },
  );
  expect(moved).toEqual([2, 1, 2]);
});

test('authentication outcomes are counted by backend and result', async () => {
  const { token } = await makeToken(t, application, alice);
  const hourAgo = new Date(Date.now() - 3600_000);
  const expired = await makeToken(t, application, alice, { now: hourAgo, expiresIn: 60 });
  const revoked = await makeToken(t, application, alice);

  const login = await gql(
    t,
    'mutation { login(username: "alice", password: "correct horse") { user { id } } }',
  );
  const cookie = login.response.cookies.find((c) => c.name === t.config.sessionCookieName)!;

  const series = (backend: string, result: string): [string, Record<string, string>] => [
    'authentications_total',
    { backend, result },
  ];
  const moved = await delta(
    [
      series('oauth2', 'token'),
      series('oauth2', 'expired'),
      series('oauth2', 'revoked'),
      series('oauth2', 'invalid_token'),
      series('session', 'session'),
      series('none', 'anonymous'),
      ['oauth2_tokens_revoked_total', { via: 'graphql' }],
    ],
    async () => {
      await gql(t, `mutation { revokeAccessToken(id: "${revoked.id}") { accessToken { id } } }`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await secretWith({ authorization: `Bearer ${expired.token}` });
      await secretWith({ authorization: `Bearer ${revoked.token}` });
      await secretWith({ authorization: 'Bearer no-such-token' });
      await secretWith({ cookie: `${cookie.name}=${cookie.value}` });
      await secretWith();
    },
  );
  expect(moved).toEqual([1, 1, 1, 1, 1, 1, 1]);
});

test('issued tokens are counted by grant type: the admin mutation and the token endpoint', async () => {
  const { token } = await makeToken(t, application, alice);
  const moved = await delta(
    [
      ['oauth2_tokens_issued_total', { grant_type: 'admin' }],
      ['oauth2_tokens_issued_total', { grant_type: 'password' }],
    ],
    async () => {
      const issued = await gql(
        t,
        `mutation { issueAccessToken(input: { applicationId: "${application.id}", userId: "${alice.id}" }) { token } }`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(issued.body.errors).toBeUndefined();

      const response = await t.app.inject({
        method: 'POST',
        url: '/o/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'password',
          username: 'alice',
          password: 'correct horse',
          client_id: application.clientId,
          client_secret: clientSecret,
        }).toString(),
      });
      expect(response.statusCode).toBe(200);
    },
  );
  expect(moved).toEqual([1, 1]);
});

test('revocations are counted by where they came from', async () => {
  const { token } = await makeToken(t, application, alice);
  const moved = await delta(
    [['oauth2_tokens_revoked_total', { via: 'revocation_endpoint' }]],
    async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/o/revoke_token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          token,
          client_id: application.clientId,
          client_secret: clientSecret,
        }).toString(),
      });
      expect(response.statusCode).toBe(200);
    },
  );
  expect(moved).toEqual([1]);
});

test('each app counts into its own registry', async () => {
  const other = await createTestApp();
  try {
    await secretWith();
    const mine = sample(await scrape(), 'http_requests_total', {
      route: '/graphql',
      method: 'POST',
      status: '200',
    });
    const theirs = sample(await scrape(other), 'http_requests_total', {
      route: '/graphql',
      method: 'POST',
      status: '200',
    });
    expect(mine).toBeGreaterThan(0);
    expect(theirs).toBe(0);
  } finally {
    await other.close();
  }
});
