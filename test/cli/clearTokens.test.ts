import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, Application, RefreshToken, Session, User } from '../../src/entities';
import { clearTokens, type ClearProgress } from '../../src/oauth2/clearTokens';
import { createUser } from '../../src/accounts/users';
import { createApplication } from '../../src/oauth2/applications';
import { checksum, generateToken } from '../../src/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const now = new Date('2030-01-01T12:00:00Z');
const HOUR = 3600 * 1000;
const at = (offset: number) => new Date(now.getTime() + offset);

let db: TestDatabase;
let user: User;
let application: Application;

beforeAll(async () => {
  db = await createTestDatabase();
  user = await createUser(db.orm.em.fork(), { username: 'alice', password: 'correct horse' });
  ({ application } = await createApplication(db.orm.em.fork(), {
    name: 'sweeper',
    clientType: 'confidential',
    grantTypes: ['password', 'refresh_token'],
  }));
});
afterAll(() => db.close());

beforeEach(async () => {
  const em = db.orm.em.fork();
  await em.nativeDelete(RefreshToken, {});
  await em.nativeDelete(AccessToken, {});
  await em.nativeDelete(Session, {});
});

function accessToken(em: EntityManager, expiresAt: Date, revokedAt: Date | null = null) {
  return em.create(AccessToken, {
    checksum: checksum(generateToken()),
    user: em.getReference(User, user.id),
    application: em.getReference(Application, application.id),
    scope: 'read',
    expiresAt,
    createdAt: at(-2 * HOUR),
    revokedAt,
  });
}

function refreshToken(
  em: EntityManager,
  access: AccessToken | null,
  familyId: string,
  revokedAt: Date | null = null,
) {
  return em.create(RefreshToken, {
    checksum: checksum(generateToken()),
    accessToken: access,
    user: em.getReference(User, user.id),
    application: em.getReference(Application, application.id),
    familyId,
    createdAt: at(-2 * HOUR),
    revokedAt,
  });
}

function session(em: EntityManager, expiresAt: Date) {
  return em.create(Session, {
    checksum: checksum(generateToken()),
    user: em.getReference(User, user.id),
    expiresAt,
    createdAt: at(-2 * HOUR),
  });
}

async function remaining() {
  const em = db.orm.em.fork();
  const ids = async (entity: typeof AccessToken | typeof RefreshToken | typeof Session) =>
    (await em.find(entity, {})).map((row) => row.id).sort();
  return {
    accessTokens: await ids(AccessToken),
    refreshTokens: await ids(RefreshToken),
    sessions: await ids(Session),
  };
}

test('deletes exactly the expired and revoked rows and keeps every usable one', async () => {
  const em = db.orm.em.fork();
  const active = accessToken(em, at(HOUR));
  accessToken(em, at(-1));
  accessToken(em, now);
  const revoked = accessToken(em, at(HOUR), at(-HOUR));
  const expiredWithRefresh = accessToken(em, at(-HOUR));

  // Still exchangeable: unrevoked, though its access token expired and is about to go.
  const orphaned = refreshToken(em, expiredWithRefresh, randomUUID());
  // A rotated tombstone beside a live successor: kept so a replay is still recognised.
  const liveFamily = randomUUID();
  const tombstone = refreshToken(em, null, liveFamily, at(-HOUR));
  const successor = refreshToken(em, active, liveFamily);
  // A family revoked as a whole: nothing in it can be used any more.
  const deadFamily = randomUUID();
  refreshToken(em, revoked, deadFamily, at(-HOUR));
  refreshToken(em, null, deadFamily, at(-HOUR));

  const liveSession = session(em, at(1));
  session(em, now);
  session(em, at(-HOUR));
  await em.flush();

  const counts = await clearTokens(db.orm.em.fork(), { now, batchSize: 100 });

  expect(counts).toEqual({ accessTokens: 4, refreshTokens: 2, grants: 0, sessions: 2 });
  expect(await remaining()).toEqual({
    accessTokens: [active.id],
    refreshTokens: [orphaned.id, tombstone.id, successor.id].sort(),
    sessions: [liveSession.id],
  });
  const kept = await db.orm.em.fork().findOneOrFail(RefreshToken, orphaned.id);
  expect(kept.accessToken).toBeNull();
  expect(kept.revokedAt).toBeNull();
});

test('an access token made from a deleted refresh token loses only that link', async () => {
  const em = db.orm.em.fork();
  const family = randomUUID();
  const used = refreshToken(em, null, family, at(-HOUR));
  const child = accessToken(em, at(HOUR));
  child.sourceRefreshToken = used;
  await em.flush();

  await clearTokens(db.orm.em.fork(), { now, batchSize: 10 });

  const row = await db.orm.em.fork().findOneOrFail(AccessToken, child.id);
  expect(row.sourceRefreshToken).toBeNull();
  expect((await remaining()).refreshTokens).toEqual([]);
});

test('works through several batches and reports each one', async () => {
  const em = db.orm.em.fork();
  for (let i = 0; i < 5; i += 1) accessToken(em, at(-i - 1));
  const active = accessToken(em, at(HOUR));
  for (let i = 0; i < 3; i += 1) session(em, at(-HOUR));
  await em.flush();

  const progress: ClearProgress[] = [];
  const counts = await clearTokens(db.orm.em.fork(), {
    now,
    batchSize: 2,
    onBatch: (step) => progress.push(step),
  });

  expect(counts).toEqual({ accessTokens: 5, refreshTokens: 0, grants: 0, sessions: 3 });
  expect(progress).toEqual([
    { kind: 'accessTokens', batch: 1, deleted: 2, total: 2 },
    { kind: 'accessTokens', batch: 2, deleted: 2, total: 4 },
    { kind: 'accessTokens', batch: 3, deleted: 1, total: 5 },
    { kind: 'sessions', batch: 1, deleted: 2, total: 2 },
    { kind: 'sessions', batch: 2, deleted: 1, total: 3 },
  ]);
  expect((await remaining()).accessTokens).toEqual([active.id]);
});

test('the injected clock decides what has expired', async () => {
  const em = db.orm.em.fork();
  const token = accessToken(em, at(HOUR));
  await em.flush();

  expect(await clearTokens(db.orm.em.fork(), { now, batchSize: 10 })).toMatchObject({
    accessTokens: 0,
  });
  expect(await clearTokens(db.orm.em.fork(), { now: at(HOUR), batchSize: 10 })).toMatchObject({
    accessTokens: 1,
  });
  expect((await remaining()).accessTokens).not.toContain(token.id);
});

test('a family past its absolute lifetime goes whole; a younger one keeps its live token', async () => {
  const em = db.orm.em.fork();
  const old = randomUUID();
  refreshToken(em, null, old, at(-HOUR));
  const oldLive = refreshToken(em, null, old);
  const young = randomUUID();
  const youngLive = refreshToken(em, null, young);
  youngLive.createdAt = at(-HOUR / 2);
  await em.flush();

  // The old family started two hours ago; with a 90-minute lifetime it is over.
  const counts = await clearTokens(db.orm.em.fork(), {
    now,
    batchSize: 10,
    refreshTokenLifetime: 90 * 60,
  });

  expect(counts.refreshTokens).toBe(2);
  const left = (await remaining()).refreshTokens;
  expect(left).toEqual([youngLive.id]);
  expect(left).not.toContain(oldLive.id);
});

test('refuses a batch size that is not a positive whole number', async () => {
  for (const batchSize of [0, -1, 1.5, 1_000_000]) {
    await expect(clearTokens(db.orm.em.fork(), { now, batchSize })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  }
});
