import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestApp, gql, makeUser, type TestApp } from '../helpers/app';
import { bearer, errorCodes, login } from './support';

/**
 * A fault is never disguised as a permission decision: when authentication, a shield rule or a
 * resolver throws, the client gets INTERNAL_SERVER_ERROR (not FORBIDDEN, not an anonymous
 * answer) and the operator gets the stack in the log.
 *
 * The faults are staged by swapping the ORM the running app's services hold for a stub, so no
 * production code needs a test hook.
 */

interface LogLine {
  level: number;
  msg: string;
  rule?: string;
  err?: { message: string; stack: string };
}

let t: TestApp;
let realOrm: MikroORM;
let lines: LogLine[] = [];

const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as LogLine);
    }
    done();
  },
});

beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'error' }, logStream });
  realOrm = t.services.orm;
});
afterEach(() => {
  t.services.orm = realOrm;
  lines = [];
});
afterAll(() => t.close());

type Execute = (query: string, params: unknown[]) => Promise<unknown[]>;

/** Replaces the database the app reaches: `execute` for the backends, `fork` for resolvers. */
function stubOrm(parts: { execute?: Execute; fork?: () => unknown }) {
  const realConnection = realOrm.em.getConnection();
  t.services.orm = {
    em: {
      getConnection: () => ({
        execute: parts.execute ?? ((q: string, p: unknown[]) => realConnection.execute(q, p)),
      }),
      fork: parts.fork ?? (() => realOrm.em.fork()),
    },
  } as unknown as MikroORM;
}

const databaseLost: Execute = async () => {
  throw new Error('Connection terminated unexpectedly');
};

describe('an authentication backend that throws', () => {
  test.each([
    ['a bearer token', () => bearer('some-token')],
    ['a session cookie', () => ({ cookie: `sessionid=${t.app.signCookie('some-session-key')}` })],
  ])('with %s: a 500 INTERNAL_SERVER_ERROR, never anonymous', async (_name, headers) => {
    stubOrm({ execute: databaseLost });
    const { response, body } = await gql(t, '{ me { username } }', { headers: headers() });

    expect(response.statusCode).toBe(500);
    expect(body.data).toBeUndefined();
    expect(errorCodes(body)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(response.body).not.toContain('Connection terminated');

    const logged = lines.find((line) => line.err?.message === 'Connection terminated unexpectedly');
    expect(logged?.err?.stack).toContain('Error: Connection terminated unexpectedly');
  });

  test('a request without credentials does not need the database', async () => {
    stubOrm({ execute: databaseLost });
    const { body } = await gql(t, '{ me { username } }');
    expect(body).toEqual({ data: { me: null } });
  });
});

describe('a shield rule that throws', () => {
  /**
   * A token row whose scope list throws when a rule reads it: authentication succeeds, and the
   * first rule that checks a scope fails as a bug would.
   */
  const brokenScopes = {
    includes: () => {
      throw new TypeError('scopes is corrupted');
    },
  };
  const tokenRow = {
    token_id: '1',
    scope: { split: () => ({ filter: () => brokenScopes }) },
    expires_at: new Date(Date.now() + 3_600_000),
    revoked_at: null,
    application_id: 1,
    client_id: 'client',
    user_id: 1,
    username: 'staff',
    is_active: true,
    is_staff: true,
    is_superuser: false,
    date_joined: new Date(),
    last_login: null,
  };

  test('is reported as INTERNAL_SERVER_ERROR, not FORBIDDEN, and logged with its stack', async () => {
    stubOrm({ execute: async () => [tokenRow] });
    const { body } = await gql(t, '{ applications { edges { node { id } } } }', {
      headers: bearer('any-token'),
    });

    expect(errorCodes(body)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(body.data).toBeNull();
    expect(JSON.stringify(body)).not.toContain('corrupted');

    const logged = lines.find((line) => line.msg === 'permission rule failed');
    expect(logged?.rule).toBe('hasScope:read');
    expect(logged?.err?.stack).toContain('TypeError: scopes is corrupted');
  });

  test('rules that do not touch the fault still decide', async () => {
    stubOrm({ execute: async () => [tokenRow] });
    const { body } = await gql(t, '{ secret }', { headers: bearer('any-token') });
    expect(body).toEqual({ data: { secret: 'Secret contents!' } });
  });
});

describe('a resolver that throws', () => {
  test('is reported as INTERNAL_SERVER_ERROR without its message, and logged', async () => {
    await makeUser(t, 'staff', { isStaff: true });
    const cookie = await login(t, 'staff');
    stubOrm({
      fork: () => ({
        find: async () => {
          throw new Error('relation "applications" does not exist');
        },
      }),
    });

    const { response, body } = await gql(t, '{ applications { edges { node { id } } } }', {
      headers: { cookie },
    });

    expect(response.statusCode).toBe(200);
    expect(errorCodes(body)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(response.body).not.toContain('does not exist');

    const logged = lines.find((line) => line.msg === 'resolver failed');
    expect(logged?.err?.stack).toContain('relation "applications" does not exist');
  });
});
