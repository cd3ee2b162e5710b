import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { serverEnv, startServer } from '../helpers/server';
import { eventually } from '../helpers/eventually';

/**
 * WEB_CONCURRENCY: worker processes sharing one port on PostgreSQL, and a single process on the
 * embedded database, which says so at start-up.
 */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const logLines = (output: string[]) =>
  output.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

async function anonymousMe(url: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  return response.json();
}

const onServer = process.env.DATABASE_URL ? test : test.skip;

onServer(
  'WEB_CONCURRENCY=2 forks two workers on one port and stops cleanly on SIGTERM',
  async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.close());
    const prepared = await serverEnv(db.url);
    cleanups.push(prepared.cleanup);

    const server = await startServer({ ...prepared.env, WEB_CONCURRENCY: '2' });
    const serving = () => logLines(server.output).filter((line) => line.msg === 'serving GraphQL');
    await eventually(async () => serving().length, 2, { withinMs: 60_000, everyMs: 200 });

    const pids = new Set(serving().map((line) => line.pid));
    expect(pids.size).toBe(2);
    expect(new Set(serving().map((line) => line.url)).size).toBe(1);
    expect(
      logLines(server.output).find((line) => line.msg === 'starting worker processes'),
    ).toEqual(expect.objectContaining({ workers: 2 }));
    expect(await anonymousMe(server.url)).toEqual({ data: { me: null } });

    expect(await server.stop()).toBe(0);
    expect(logLines(server.output).some((line) => line.msg === 'all workers stopped')).toBe(true);
  },
  120_000,
);

test('on the embedded database one process serves, whatever WEB_CONCURRENCY says', async () => {
  const prepared = await serverEnv(undefined);
  cleanups.push(prepared.cleanup);

  const server = await startServer({ ...prepared.env, WEB_CONCURRENCY: '3' });
  cleanups.push(async () => void (await server.stop()));

  const notice = logLines(server.output).find((line) =>
    String(line.msg).startsWith('one process serves'),
  );
  expect(notice).toEqual(expect.objectContaining({ level: 40, workers: 1, webConcurrency: 3 }));
  expect(await anonymousMe(server.url)).toEqual({ data: { me: null } });
  expect(logLines(server.output).filter((line) => line.msg === 'serving GraphQL')).toHaveLength(1);
}, 120_000);
