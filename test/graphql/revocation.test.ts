import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application, User } from '../../src/entities';
import { bearer, errorCodes, login, sql } from './support';

/**
 * setUserActive and deleteApplication: staff with the `write` scope cut off a user's or an
 * application's access, and the cut takes effect on the next request.
 */

let t: TestApp;
let staff: User;
let staffWrite: Record<string, string>;
let staffRead: Record<string, string>;
let plainToken: Record<string, string>;
let application: Application;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
  ({ application } = await makeApplication(t));
  staff = await makeUser(t, 'staff', { isStaff: true });
  staffWrite = bearer((await makeToken(t, application, staff)).token);
  staffRead = bearer((await makeToken(t, application, staff, { scopes: ['read'] })).token);
  plainToken = bearer((await makeToken(t, application, await makeUser(t, 'plain'))).token);
});
afterAll(() => t.close());

const SET_ACTIVE = `mutation ($id: ID!, $isActive: Boolean!) {
  setUserActive(id: $id, isActive: $isActive) { user { id username isActive } }
}`;
const DELETE_APPLICATION = `mutation ($id: ID!) {
  deleteApplication(id: $id) { application { id clientId name } }
}`;

const setActive = (id: number | string, isActive: boolean, headers = staffWrite) =>
  gql(t, SET_ACTIVE, { variables: { id: String(id), isActive }, headers });
const deleteApplication = (id: number | string, headers = staffWrite) =>
  gql(t, DELETE_APPLICATION, { variables: { id: String(id) }, headers });

const secret = async (headers: Record<string, string>) => {
  const { body } = await gql(t, '{ secret }', { headers });
  return body.data?.secret ?? errorCodes(body)[0];
};

async function userWithCredentials() {
  counter += 1;
  const user = await makeUser(t, `user${counter}`);
  const token = bearer((await makeToken(t, application, user)).token);
  const session = { cookie: await login(t, user.username) };
  return { user, token, session };
}

describe('setUserActive', () => {
  test('deactivating a user stops their tokens and sessions at once; reactivating restores them', async () => {
    const { user, token, session } = await userWithCredentials();
    expect(await secret(token)).toBe('Secret contents!');
    expect(await secret(session)).toBe('Secret contents!');

    const { body } = await setActive(user.id, false);
    expect(body).toEqual({
      data: {
        setUserActive: { user: { id: String(user.id), username: user.username, isActive: false } },
      },
    });
    expect(await secret(token)).toBe('UNAUTHENTICATED');
    expect(await secret(session)).toBe('UNAUTHENTICATED');

    await setActive(user.id, true);
    expect(await secret(token)).toBe('Secret contents!');
    expect(await secret(session)).toBe('Secret contents!');
  });

  test('refuses callers without staff rights or the write scope', async () => {
    const { user } = await userWithCredentials();

    expect(errorCodes((await setActive(user.id, false, {})).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await setActive(user.id, false, plainToken)).body)).toEqual(['FORBIDDEN']);
    const scoped = await setActive(user.id, false, staffRead);
    expect(scoped.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'insufficient_scope',
      scope: 'write',
    });
    const rows = await sql(t, 'select is_active from users where id = ?', [user.id]);
    expect(rows).toEqual([{ is_active: true }]);
  });

  test('nobody deactivates their own account', async () => {
    const { body } = await setActive(staff.id, false);
    expect(errorCodes(body)).toEqual(['FORBIDDEN']);
    expect(await secret(staffWrite)).toBe('Secret contents!');
  });

  test('only a superuser changes a superuser', async () => {
    const root = await makeUser(t, `root${++counter}`, { isSuperuser: true });
    expect(errorCodes((await setActive(root.id, false)).body)).toEqual(['FORBIDDEN']);

    const superuser = await makeUser(t, `super${++counter}`, { isSuperuser: true });
    const superToken = bearer((await makeToken(t, application, superuser)).token);
    const { body } = await setActive(root.id, false, superToken);
    expect(body.errors).toBeUndefined();
  });

  test('an unknown id is NOT_FOUND and a malformed one BAD_USER_INPUT', async () => {
    expect(errorCodes((await setActive(987654, false)).body)).toEqual(['NOT_FOUND']);
    expect(errorCodes((await setActive('abc', false)).body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('deleteApplication', () => {
  test('deletes the application with its tokens; they stop working at once', async () => {
    const { application: doomed } = await makeApplication(t, { name: 'doomed' });
    const user = await makeUser(t, `owner${++counter}`);
    const token = bearer((await makeToken(t, doomed, user)).token);
    expect(await secret(token)).toBe('Secret contents!');

    const { body } = await deleteApplication(doomed.id);
    expect(body).toEqual({
      data: {
        deleteApplication: {
          application: { id: String(doomed.id), clientId: doomed.clientId, name: 'doomed' },
        },
      },
    });
    expect(await secret(token)).toBe('UNAUTHENTICATED');
    const left = await sql(
      t,
      `select (select count(*) from applications where id = ?) as applications,
              (select count(*) from access_tokens where application_id = ?) as tokens`,
      [doomed.id, doomed.id],
    );
    expect(left.map((row) => [Number(row.applications), Number(row.tokens)])).toEqual([[0, 0]]);
  });

  test('refuses callers without staff rights or the write scope, and deletes nothing', async () => {
    const { application: kept } = await makeApplication(t, { name: 'kept' });

    expect(errorCodes((await deleteApplication(kept.id, {})).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await deleteApplication(kept.id, plainToken)).body)).toEqual(['FORBIDDEN']);
    expect(
      (await deleteApplication(kept.id, staffRead)).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'insufficient_scope' });
    const rows = await sql(t, 'select count(*) as n from applications where id = ?', [kept.id]);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  test('an unknown id is NOT_FOUND', async () => {
    expect(errorCodes((await deleteApplication(987654)).body)).toEqual(['NOT_FOUND']);
  });
});
