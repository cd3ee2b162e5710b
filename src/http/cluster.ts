import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import pino, { type Logger } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { connect, migrate } from '../db/orm';

/**
 * `WEB_CONCURRENCY=N` runs N worker processes with node:cluster, all accepting connections on one
 * port, so that a machine's every core serves requests. The primary applies the migrations once,
 * forks the workers, replaces one that dies, and on SIGTERM or SIGINT passes the signal on and
 * exits when they all have finished their requests.
 *
 * Each worker is a whole server with its own pool and authentication cache; the database's change
 * notices keep their caches in step (src/db/authNotifications.ts).
 *
 * The embedded database is served by one process whatever the setting: PGlite lets one process
 * open it, and a second server would see its files as taken.
 */

export interface WorkerPlan {
  /** How many processes serve. */
  count: number;
  /** WEB_CONCURRENCY as set, or what the environment's default asked for. */
  requested: number;
  /** Why `count` differs from `requested`, when it does. */
  reason?: 'embedded database';
}

export function planWorkers(config: Config): WorkerPlan {
  const requested =
    config.webConcurrency ?? (config.env === 'production' ? availableParallelism() : 1);
  if (!config.databaseUrl) return { count: 1, requested, reason: 'embedded database' };
  return { count: requested, requested };
}

/** True in the process that should fork workers rather than serve. */
export const isPrimaryOf = (plan: WorkerPlan): boolean => plan.count > 1 && cluster.isPrimary;

/** True in a forked worker: the primary has already applied the migrations. */
export const isWorker = (): boolean => cluster.isWorker;

/** Says at start-up how many processes serve, and why not the number asked for. */
export function logPlan(logger: FastifyBaseLogger | Logger, plan: WorkerPlan): void {
  if (plan.reason === 'embedded database') {
    const line = { workers: 1, webConcurrency: plan.requested };
    const message = 'one process serves: the embedded database can be opened by one process only';
    if (plan.requested > 1) logger.warn(line, message);
    else logger.info(line, message);
    return;
  }
  if (plan.count > 1 && cluster.isPrimary) {
    logger.info({ workers: plan.count }, 'starting worker processes');
  }
}

/** How long the primary waits for its workers to finish after a signal before killing them. */
const SHUTDOWN_GRACE_MS = 30_000;
/** A dead worker is replaced after this pause, so one that cannot start does not fork in a loop. */
const RESTART_DELAY_MS = 1_000;

/**
 * The primary: migrate once, fork `plan.count` workers, and supervise them until a signal.
 * Resolves only when the process is about to exit.
 */
export async function runPrimary(config: Config, plan: WorkerPlan): Promise<void> {
  const logger = pino({ level: config.logLevel });
  logPlan(logger, plan);

  const db = await connect(config, { shared: false });
  try {
    const applied = await migrate(db.orm);
    logger.info({ migrationsApplied: applied }, 'database ready');
  } finally {
    await db.close();
  }

  let stopping = false;
  const fork = () => cluster.fork();
  for (let index = 0; index < plan.count; index += 1) fork();

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('all workers stopped');
        process.exit(0);
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died: starting another');
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down workers');
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill(signal);
    setTimeout(() => {
      logger.error('workers did not stop in time: killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
