import { verifyPassword } from '../../src/auth/password';
import { createTestApp, gql, makeUser, type TestApp } from '../helpers/app';
import { LOGIN, errorCodes, login, sql } from './support';

/** The createUser mutation: validation, uniqueness, and a password never stored in clear. */

const CREATE_USER = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { id username isActive isStaff isSuperuser lastLogin } }
}`;

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, 'admin', { isStaff: true });
  cookie = await login(t, 'admin');
});
afterAll(() => t.close());

const createUser = (input: Record<string, unknown>) =>
  gql(t, CREATE_USER, { variables: { input }, headers: { cookie } });

const userRows = (username: string) =>
  sql(t, 'select password, is_staff, is_superuser from users where username = ?', [username]);

test('creates a user who can then log in', async () => {
  const { body } = await createUser({ username: 'bob', password: 'a long password' });

  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({
    createUser: {
      user: {
        id: expect.any(String),
        username: 'bob',
        isActive: true,
        isStaff: false,
        isSuperuser: false,
        lastLogin: null,
      },
    },
  });

  const { body: loggedIn } = await gql(t, LOGIN, {
    variables: { username: 'bob', password: 'a long password' },
  });
  expect(loggedIn.errors).toBeUndefined();
});

test('stores the password only as a salted scrypt hash, and never returns it', async () => {
  const carolCreated = await createUser({ username: 'carol', password: 'a long password' });
  const daveCreated = await createUser({ username: 'dave', password: 'a long password' });

  const [carol] = await userRows('carol');
  const [dave] = await userRows('dave');
  const hash = String(carol?.password);

  expect(hash.startsWith('scrypt$')).toBe(true);
  expect(hash).not.toContain('a long password');
  expect(hash).not.toBe(String(dave?.password));
  expect(await verifyPassword('a long password', hash)).toBe(true);

  for (const { response } of [carolCreated, daveCreated]) {
    const body = response.body;
    expect(body).not.toContain('scrypt$');
    expect(body).not.toContain('a long password');
  }
});

test('sets the staff and superuser flags when asked', async () => {
  const { body } = await createUser({
    username: 'erin',
    password: 'a long password',
    isStaff: true,
    isSuperuser: true,
  });
  expect(body.data?.createUser).toMatchObject({ user: { isStaff: true, isSuperuser: true } });

  const [row] = await userRows('erin');
  expect(row).toMatchObject({ is_staff: true, is_superuser: true });
});

test.each([
  ['an empty username', { username: '', password: 'a long password' }, 'username'],
  ['a username with a space', { username: 'has space', password: 'a long password' }, 'username'],
  ['a username with a slash', { username: 'a/b', password: 'a long password' }, 'username'],
  ['a 151-character username', { username: 'u'.repeat(151), password: 'long enough' }, 'username'],
  ['a 7-character password', { username: 'frank', password: 'short77' }, 'password'],
  ['an empty password', { username: 'frank', password: '' }, 'password'],
  ['a 4097-character password', { username: 'frank', password: 'p'.repeat(4097) }, 'password'],
])('%s is BAD_USER_INPUT naming the field, and creates nothing', async (_name, input, field) => {
  const { body } = await createUser(input);

  expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  expect(body.errors?.[0]?.extensions?.field).toBe(field);
  expect(body.data).toBeNull();
  expect(await userRows(input.username)).toHaveLength(0);
});

test('accepts the edge of each rule', async () => {
  const { body } = await createUser({ username: `${'u'.repeat(145)}@.+-_`, password: 'eight888' });
  expect(body.errors).toBeUndefined();
});

test('a taken username is CONFLICT naming the field, and leaves the first user alone', async () => {
  await createUser({ username: 'grace', password: 'first password' });
  const { body } = await createUser({ username: 'grace', password: 'second password' });

  expect(errorCodes(body)).toEqual(['CONFLICT']);
  expect(body.errors?.[0]?.extensions?.field).toBe('username');

  const rows = await userRows('grace');
  expect(rows).toHaveLength(1);
  expect(await verifyPassword('first password', String(rows[0]?.password))).toBe(true);
});

test('a GraphQL type error in the input is refused before anything runs', async () => {
  const { response, body } = await createUser({ username: 'heidi' });
  expect(response.statusCode).toBe(400);
  expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  expect(await userRows('heidi')).toHaveLength(0);
});
