import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from './helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

test('a bearer token reads the secret', async () => {
  const alice = await makeUser(t, 'alice');
  const { application } = await makeApplication(t);
  const { token } = await makeToken(t, application, alice);
  const { body } = await gql(t, '{ secret }', { headers: { authorization: `Bearer ${token}` } });
  expect(body).toEqual({ data: { secret: 'Secret contents!' } });
});
