import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * Lets keep-alive connections go once the server is closing. A connection whose request was in
 * flight when the listener closed would otherwise stay open after its response, waiting for a
 * next request that cannot come, and hold the process until its keep-alive timeout. Answers sent
 * from then on say `Connection: close`, so the client and the server end the connection together.
 */
export function registerDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
}

export interface ShutdownOptions {
  app: FastifyInstance;
  /** Closes the database once no request needs it any more. */
  closeDatabase: () => Promise<void>;
  /** Seconds requests in flight get to finish (SHUTDOWN_GRACE_SECONDS). */
  graceSeconds: number;
  logger: FastifyBaseLogger;
  exit?: (code: number) => void;
}

/**
 * A graceful stop for SIGTERM, as orchestrators send it before they kill a process: stop
 * accepting connections (the load balancer moves on to other instances), let the requests in
 * flight finish, then close the database and exit 0.
 *
 * A request that outlives the grace period (a stuck query, a client that never finishes its
 * upload) would otherwise keep the process alive until the orchestrator's SIGKILL; the process
 * gives up first and exits 1, so the stop is recorded as unclean.
 */
export function gracefulShutdown(options: ShutdownOptions): (signal: string) => Promise<void> {
  const { app, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  return async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceSeconds: options.graceSeconds }, 'shutting down');

    const deadline = setTimeout(() => {
      logger.error(
        { graceSeconds: options.graceSeconds },
        'requests still running after the grace period; exiting',
      );
      exit(1);
    }, options.graceSeconds * 1000);

    try {
      // Closes the listener and idle keep-alive connections at once; resolves when every
      // request in flight has been answered (Apollo's drain plugin waits for its own).
      await app.close();
      await options.closeDatabase();
    } catch (error) {
      clearTimeout(deadline);
      logger.error({ err: error }, 'shutdown failed');
      exit(1);
      return;
    }

    clearTimeout(deadline);
    logger.info('stopped');
    exit(0);
  };
}
