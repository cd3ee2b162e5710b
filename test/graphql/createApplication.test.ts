import { verifyPassword } from '../../src/auth/password';
import { createTestApp, gql, makeUser, type TestApp } from '../helpers/app';
import { errorCodes, login, sql } from './support';

/** The createApplication mutation: the secret shown once, and what a client may register. */

const CREATE_APPLICATION = `mutation ($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    clientSecret
    application {
      id clientId name clientType grantTypes redirectUris skipAuthorization
      owner { username }
    }
  }
}`;

interface Created {
  clientSecret: string | null;
  application: { id: string; clientId: string; [field: string]: unknown };
}

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, 'admin', { isStaff: true });
  cookie = await login(t, 'admin');
});
afterAll(() => t.close());

const create = (input: Record<string, unknown>) =>
  gql(t, CREATE_APPLICATION, {
    variables: {
      input: { name: 'app', clientType: 'CONFIDENTIAL', grantTypes: ['PASSWORD'], ...input },
    },
    headers: { cookie },
  });

const applicationRow = async (id: string) =>
  (await sql(t, 'select * from applications where id = ?', [Number(id)]))[0];

const applicationCount = async () =>
  Number((await sql(t, 'select count(*) as n from applications'))[0]?.n);

describe('a confidential client', () => {
  test('gets a secret shown once, and the server keeps only its scrypt hash', async () => {
    const { response, body } = await create({
      name: 'tutorial',
      grantTypes: ['PASSWORD', 'REFRESH_TOKEN'],
    });

    expect(body.errors).toBeUndefined();
    const created = body.data?.createApplication as Created;
    expect(created.application).toMatchObject({
      name: 'tutorial',
      clientType: 'CONFIDENTIAL',
      grantTypes: ['PASSWORD', 'REFRESH_TOKEN'],
      redirectUris: [],
      skipAuthorization: false,
      owner: { username: 'admin' },
    });
    expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const row = await applicationRow(created.application.id);
    const hash = String(row?.client_secret_hash);
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(JSON.stringify(row)).not.toContain(created.clientSecret!);
    expect(await verifyPassword(created.clientSecret!, hash)).toBe(true);
    expect(response.body).not.toContain('scrypt$');
  });

  test('the secret cannot be read back', async () => {
    const { body } = await create({});
    const created = body.data?.createApplication as Created;

    const listed = await gql(t, '{ applications(first: 100) { edges { node { id clientId } } } }', {
      headers: { cookie },
    });
    expect(listed.response.body).toContain(created.application.clientId);
    expect(listed.response.body).not.toContain(created.clientSecret!);
    expect(listed.response.body).not.toContain('scrypt$');
  });

  test('each application gets its own client id and secret', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await create({})).body.data?.createApplication);
    const created = results as Created[];

    expect(new Set(created.map((c) => c.application.clientId)).size).toBe(3);
    expect(new Set(created.map((c) => c.clientSecret)).size).toBe(3);
  });
});

describe('a public client', () => {
  test('gets no secret, and nothing is stored for one', async () => {
    const { body } = await create({
      clientType: 'PUBLIC',
      grantTypes: ['AUTHORIZATION_CODE'],
      redirectUris: ['https://app.example/callback'],
    });

    expect(body.errors).toBeUndefined();
    const created = body.data?.createApplication as Created;
    expect(created.clientSecret).toBeNull();
    expect(created.application.clientType).toBe('PUBLIC');
    expect((await applicationRow(created.application.id))?.client_secret_hash).toBe('');
  });

  test('cannot use the client_credentials grant', async () => {
    const before = await applicationCount();
    const { body } = await create({ clientType: 'PUBLIC', grantTypes: ['CLIENT_CREDENTIALS'] });

    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('grantTypes');
    expect(await applicationCount()).toBe(before);
  });
});

describe('redirect URIs', () => {
  test.each([
    'https://app.example/callback',
    'https://app.example:8443/cb?query=kept',
    'http://127.0.0.1:8000/callback',
    'http://localhost/callback',
    'http://[::1]:9000/callback',
    'com.example.app:/oauth2redirect',
  ])('accepts %s', async (uri) => {
    const { body } = await create({ grantTypes: ['AUTHORIZATION_CODE'], redirectUris: [uri] });
    expect(body.errors).toBeUndefined();
    expect((body.data?.createApplication as Created).application.redirectUris).toEqual([uri]);
  });

  test.each([
    ['http on a non-loopback host', 'http://app.example/callback'],
    ['a fragment', 'https://app.example/callback#frag'],
    ['an empty fragment', 'https://app.example/callback#'],
    ['user information', 'https://user:pass@app.example/callback'],
    ['a user name alone', 'https://user@app.example/callback'],
    ['a relative URI', '/callback'],
    ['a javascript: URI', 'javascript:alert(1)'],
    ['a data: URI', 'data:text/html,hi'],
  ])('refuses %s with BAD_USER_INPUT', async (_name, uri) => {
    const before = await applicationCount();
    const { body } = await create({ grantTypes: ['AUTHORIZATION_CODE'], redirectUris: [uri] });

    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('redirectUris');
    expect(await applicationCount()).toBe(before);
  });

  test('the authorization_code grant needs at least one', async () => {
    const { body } = await create({ grantTypes: ['AUTHORIZATION_CODE'], redirectUris: [] });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('redirectUris');
  });

  test('one bad URI among good ones refuses the whole application', async () => {
    const before = await applicationCount();
    const { body } = await create({
      grantTypes: ['AUTHORIZATION_CODE'],
      redirectUris: ['https://app.example/ok', 'http://evil.example/'],
    });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(await applicationCount()).toBe(before);
  });
});

describe('other input', () => {
  test.each([
    ['no grant types', { grantTypes: [] }, 'grantTypes'],
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a 256-character name', { name: 'n'.repeat(256) }, 'name'],
  ])('%s is BAD_USER_INPUT naming the field', async (_name, input, field) => {
    const { body } = await create(input);
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
  });

  test('an unknown grant type is refused by the schema', async () => {
    const { response, body } = await create({ grantTypes: ['IMPLICIT'] });
    expect(response.statusCode).toBe(400);
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  });

  test('repeated grant types and redirect URIs are stored once', async () => {
    const { body } = await create({
      grantTypes: ['AUTHORIZATION_CODE', 'AUTHORIZATION_CODE', 'PASSWORD'],
      redirectUris: ['https://app.example/cb', 'https://app.example/cb'],
    });
    expect((body.data?.createApplication as Created).application).toMatchObject({
      grantTypes: ['AUTHORIZATION_CODE', 'PASSWORD'],
      redirectUris: ['https://app.example/cb'],
    });
  });
});
