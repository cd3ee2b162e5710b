import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Liveness and readiness for orchestrators and load balancers. /healthz says the process
 * answers (restart it if not); /readyz says it can serve requests now (send it traffic or not).
 */

export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'database_unreachable' | 'migrations_pending'; detail: string };

/** Decides whether the server can take traffic; injected so other stores can supply their own. */
export type ReadinessCheck = () => Promise<Readiness>;

/** Long enough for a loaded database, short enough that a probe's own timeout does not hit first. */
const DEFAULT_TIMEOUT_MS = 2000;

class TimeoutError extends Error {
  readonly code = 'READINESS_TIMEOUT';
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The database answers `select 1` within the timeout, and every migration this build ships is
 * applied: a server started against an older schema would fail on the first query that needs
 * the new one, so it is not ready until `migrate` has run.
 */
export function databaseReadiness(
  orm: MikroORM,
  options: { timeoutMs?: number } = {},
): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async () => {
    try {
      await withTimeout(orm.em.getConnection().execute('select 1'), timeoutMs);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ready: false, reason: 'database_unreachable', detail };
    }

    const pending = await withTimeout(orm.getMigrator().getPendingMigrations(), timeoutMs).catch(
      (error: unknown) => error as Error,
    );
    if (pending instanceof Error) {
      return { ready: false, reason: 'database_unreachable', detail: pending.message };
    }
    if (pending.length > 0) {
      const names = pending.map((migration) => migration.name).join(', ');
      return { ready: false, reason: 'migrations_pending', detail: names };
    }
    return { ready: true };
  };
}

export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessCheck): void {
  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  app.get('/readyz', async (request, reply) => {
    const result = await readiness();
    reply.header('cache-control', 'no-store');
    if (result.ready) return reply.send({ status: 'ok' });

    // The detail may name hosts or migrations: it goes to the operator's log, not to the caller.
    request.log.warn({ reason: result.reason, detail: result.detail }, 'not ready');
    return reply.status(503).send({ status: 'unavailable', reason: result.reason });
  });
}
