import { createHash } from 'node:crypto';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application, User } from '../../src/entities';
import { bearer, errorCodes, login } from './support';

/**
 * Listing applications and tokens: cursor pagination without gaps or repeats, the filters, bad
 * page arguments, and no token value, secret or hash in any answer.
 */

interface Node {
  id: string;
  user?: { id: string; username: string } | null;
  application?: { id: string };
}

interface Page {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const APPLICATIONS = `query ($first: Int, $after: String) {
  applications(first: $first, after: $after) {
    edges { cursor node { id clientId name clientType grantTypes redirectUris owner { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const TOKEN_FIELDS = `
  edges { cursor node { id scopes createdAt expiresAt revokedAt isActive
    user { id username } application { id clientId } } }
  pageInfo { hasNextPage endCursor }`;

const ACCESS_TOKENS = `query ($first: Int, $after: String, $userId: ID, $applicationId: ID) {
  accessTokens(first: $first, after: $after, userId: $userId, applicationId: $applicationId) {
    ${TOKEN_FIELDS}
  }
}`;

const MY_ACCESS_TOKENS = `query ($first: Int, $after: String) {
  myAccessTokens(first: $first, after: $after) { ${TOKEN_FIELDS} }
}`;

let t: TestApp;
let staffCookie: string;
let aliceCookie: string;
let alice: User;
let bob: User;
let applications: { application: Application; clientSecret: string | null }[];
/** token id -> token value, for every token issued here. */
const tokens = new Map<string, string>();
/** Every raw response body, searched at the end for anything secret. */
const bodies: string[] = [];

async function list(query: string, variables: Record<string, unknown>, headers = {}) {
  const { response, body } = await gql(t, query, { variables, headers });
  bodies.push(response.body);
  return body;
}

/** Follows endCursor until hasNextPage is false; returns every page. */
async function allPages(
  query: string,
  field: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const pages: Page[] = [];
  let after = (variables.after as string | undefined) ?? null;
  do {
    const body = await list(query, { ...variables, after }, headers);
    expect(body.errors).toBeUndefined();
    const page = body.data?.[field] as Page;
    pages.push(page);
    after = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) break;
  } while (pages.length < 20);
  return pages;
}

const ids = (pages: Page[]) => pages.flatMap((page) => page.edges.map((edge) => edge.node.id));
const numeric = (values: string[]) => values.map(Number);

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, 'admin', { isStaff: true });
  alice = await makeUser(t, 'alice');
  bob = await makeUser(t, 'bob');
  staffCookie = await login(t, 'admin');
  aliceCookie = await login(t, 'alice');

  applications = [];
  for (let i = 1; i <= 5; i++) applications.push(await makeApplication(t, { name: `app ${i}` }));

  const issue = async (application: Application, user: User | null) => {
    const { token, id } = await makeToken(t, application, user);
    tokens.set(String(id), token);
  };
  const [first, second] = applications.map((a) => a.application) as [Application, Application];
  for (let i = 0; i < 3; i++) await issue(first, alice);
  for (let i = 0; i < 2; i++) await issue(second, alice);
  await issue(first, bob);
  await issue(second, null);
});
afterAll(() => t.close());

describe('applications', () => {
  test('pages of 2 over 5 applications: 2, 2, 1, oldest first, no gaps or repeats', async () => {
    const pages = await allPages(
      APPLICATIONS,
      'applications',
      { first: 2 },
      { cookie: staffCookie },
    );

    expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 1]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    for (const page of pages) {
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
    }
    expect(numeric(ids(pages))).toEqual(applications.map((a) => a.application.id));
  });

  test('a page exactly as long as the rest says there is no next page', async () => {
    const body = await list(APPLICATIONS, { first: 5 }, { cookie: staffCookie });
    const page = body.data?.applications as Page;
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  test('after the last cursor the page is empty, with a null endCursor', async () => {
    const [last] = await allPages(
      APPLICATIONS,
      'applications',
      { first: 5 },
      { cookie: staffCookie },
    );
    const body = await list(
      APPLICATIONS,
      { first: 2, after: last!.pageInfo.endCursor },
      { cookie: staffCookie },
    );
    expect(body.data?.applications).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});

describe('accessTokens', () => {
  test('all tokens, newest first, across pages of 2', async () => {
    const pages = await allPages(
      ACCESS_TOKENS,
      'accessTokens',
      { first: 2 },
      { cookie: staffCookie },
    );

    expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 2, 1]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, true, false]);
    expect(ids(pages)).toEqual([...tokens.keys()].reverse());
  });

  test('filtered by user', async () => {
    const pages = await allPages(
      ACCESS_TOKENS,
      'accessTokens',
      { first: 2, userId: String(alice.id) },
      { cookie: staffCookie },
    );
    expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 1]);
    const users = pages.flatMap((p) => p.edges.map((e) => e.node.user?.id));
    expect(new Set(users)).toEqual(new Set([String(alice.id)]));
    expect(new Set(ids(pages)).size).toBe(5);
  });

  test('filtered by application', async () => {
    const second = applications[1]!.application;
    const pages = await allPages(
      ACCESS_TOKENS,
      'accessTokens',
      { first: 2, applicationId: String(second.id) },
      { cookie: staffCookie },
    );
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes).toHaveLength(3);
    expect(new Set(nodes.map((n) => n.application?.id))).toEqual(new Set([String(second.id)]));
    expect(nodes.map((n) => n.user?.username ?? null)).toEqual([null, 'alice', 'alice']);
  });

  test('filtered by user and application together', async () => {
    const first = applications[0]!.application;
    const body = await list(
      ACCESS_TOKENS,
      { first: 10, userId: String(bob.id), applicationId: String(first.id) },
      { cookie: staffCookie },
    );
    expect((body.data?.accessTokens as Page).edges).toHaveLength(1);
  });

  test('a user with no tokens gets an empty page', async () => {
    const admin = await list(ACCESS_TOKENS, { userId: '999999' }, { cookie: staffCookie });
    expect(admin.data?.accessTokens).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  test('a token issued between two pages neither repeats nor shifts the next page', async () => {
    const page1 = (await list(ACCESS_TOKENS, { first: 3 }, { cookie: staffCookie })).data
      ?.accessTokens as Page;

    const { token, id } = await makeToken(t, applications[2]!.application, bob);
    tokens.set(String(id), token);

    const rest = await allPages(
      ACCESS_TOKENS,
      'accessTokens',
      { first: 3, after: page1.pageInfo.endCursor },
      { cookie: staffCookie },
    );
    const seen = [...ids([page1]), ...ids(rest)];
    expect(seen).not.toContain(String(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(tokens.size - 1);
  });
});

describe('myAccessTokens', () => {
  test('lists only the caller’s tokens, across pages', async () => {
    const pages = await allPages(
      MY_ACCESS_TOKENS,
      'myAccessTokens',
      { first: 2 },
      { cookie: aliceCookie },
    );

    expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 1]);
    const users = pages.flatMap((p) => p.edges.map((e) => e.node.user?.id));
    expect(new Set(users)).toEqual(new Set([String(alice.id)]));
  });

  test('works with the caller’s own token', async () => {
    const aliceToken = [...tokens.values()][0]!;
    const body = await list(MY_ACCESS_TOKENS, { first: 100 }, bearer(aliceToken));
    expect((body.data?.myAccessTokens as Page).edges).toHaveLength(5);
  });
});

describe('bad page arguments', () => {
  const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  test.each([
    ['first: 0', { first: 0 }, 'first'],
    ['first: 101', { first: 101 }, 'first'],
    ['first: -1', { first: -1 }, 'first'],
    ['a cursor that is not base64 of ours', { after: 'garbage!!' }, 'after'],
    ['a cursor of another shape', { after: cursor('offset:2') }, 'after'],
    ['a cursor with a non-numeric id', { after: cursor('id:abc') }, 'after'],
    ['a cursor with a negative id', { after: cursor('id:-1') }, 'after'],
    ['an empty cursor', { after: '' }, 'after'],
  ])('%s is BAD_USER_INPUT on every list', async (_name, variables, field) => {
    for (const [query, headers] of [
      [APPLICATIONS, { cookie: staffCookie }],
      [ACCESS_TOKENS, { cookie: staffCookie }],
      [MY_ACCESS_TOKENS, { cookie: aliceCookie }],
    ] as const) {
      const body = await list(query, variables, headers);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe(field);
      expect(body.data).toBeNull();
    }
  });

  test('first: 100 is allowed', async () => {
    const body = await list(ACCESS_TOKENS, { first: 100 }, { cookie: staffCookie });
    expect(body.errors).toBeUndefined();
  });

  test.each([
    ['userId', { userId: 'alice' }],
    ['applicationId', { applicationId: '1.5' }],
  ])('a malformed %s filter is BAD_USER_INPUT', async (field, variables) => {
    const body = await list(ACCESS_TOKENS, variables, { cookie: staffCookie });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
  });
});

describe('what the lists never show', () => {
  test('no token value, token checksum, client secret or password hash in any response', () => {
    // Runs after the tests above, over every response they received.
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join('\n');

    for (const token of tokens.values()) {
      expect(all).not.toContain(token);
      expect(all).not.toContain(createHash('sha256').update(token).digest('hex'));
    }
    for (const { clientSecret } of applications) expect(all).not.toContain(clientSecret!);
    expect(all).not.toContain('scrypt$');
  });
});
