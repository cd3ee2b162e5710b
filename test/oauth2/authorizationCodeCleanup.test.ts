import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { Application, Grant, User } from '../../src/entities';
import { clearTokens } from '../../src/oauth2/clearTokens';

/**
 * Removing dead authorization codes in batches, and the grants table as the migrations leave
 * it matching the entity.
 */

const NOW = new Date('2030-01-01T00:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

test('the migrations create the grants table exactly as the entity describes it', async () => {
  const diff = await t.db.orm.schema.getUpdateSchemaSQL({ wrap: false });
  expect(diff.split('\n').filter((line) => line.includes('"grants"'))).toEqual([]);
});

test('expired codes go in batches, used or not; unexpired ones stay, used or not', async () => {
  const user = await makeUser(t, 'alice');
  const { application } = await makeApplication(t, {
    grantTypes: ['authorization_code'],
    redirectUris: ['https://client.example/cb'],
  });
  const em = t.em();
  const grant = (name: string, expiresInSeconds: number, used: boolean) =>
    em.create(Grant, {
      checksum: name.padEnd(64, '0'),
      application: em.getReference(Application, application.id),
      user: em.getReference(User, user.id),
      redirectUri: null,
      scope: 'read',
      codeChallenge: null,
      codeChallengeMethod: null,
      expiresAt: new Date(NOW.getTime() + expiresInSeconds * 1000),
      createdAt: NOW,
      usedAt: used ? NOW : null,
      accessToken: null,
    });
  grant('a', -120, false);
  grant('b', -60, true);
  grant('c', 0, false);
  const live = grant('d', 30, false);
  const usedLive = grant('e', 30, true);
  await em.flush();

  const progress: unknown[] = [];
  const counts = await clearTokens(t.em(), {
    now: NOW,
    batchSize: 2,
    onBatch: (step) => progress.push(step),
  });

  expect(counts.grants).toBe(3);
  expect(progress).toEqual([
    { kind: 'grants', batch: 1, deleted: 2, total: 2 },
    { kind: 'grants', batch: 2, deleted: 1, total: 3 },
  ]);
  const remaining = await t.em().find(Grant, {}, { orderBy: { id: 'asc' } });
  expect(remaining.map((row) => row.id)).toEqual([live.id, usedLive.id]);
});
