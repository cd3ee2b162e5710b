import { randomBytes } from 'node:crypto';
import { Client, type Notification } from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { AuthCache, type InvalidationFeed, type Invalidation } from '../auth/AuthCache';
import type { Config } from '../config';

/**
 * Keeps an AuthCache truthful across processes: a dedicated PostgreSQL connection LISTENs on the
 * channel the triggers of Migration20261204090000_auth_invalidation notify, and each notice evicts
 * what it names. PostgreSQL delivers a notice to every listening session of the database when the
 * change commits, so a revocation made by any process (or by hand in psql) reaches this one within
 * milliseconds.
 *
 * The cache is only active while this connection is listening. When it drops (a restart, a
 * failover, an operator's pg_terminate_backend) notices may be missed, so the cache is emptied and
 * bypassed, every request reads the database, and a reconnection with backoff begins; once
 * LISTEN is back the cache starts again from empty. A heartbeat that sends itself a notice finds
 * a connection that died without saying so.
 */

export const AUTH_CHANNEL = 'auth_invalidate';

/**
 * The application_name of a process's listening connection, to find it in pg_stat_activity:
 * this prefix and the process id.
 */
export const LISTENER_APPLICATION_NAME = 'oauth2-graphql auth-invalidate';

export interface AuthNotificationsOptions {
  url: string;
  cache: AuthCache;
  logger: FastifyBaseLogger;
  applicationName?: string;
  /** First reconnection delay, doubled on each failure up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the connection proves it still delivers notices. */
  heartbeatMs?: number;
  /** How long a notice sent to ourselves may take before the connection is given up. */
  settleTimeoutMs?: number;
}

export class AuthNotifications implements InvalidationFeed {
  private client: Client | undefined;
  private listening = false;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Our own settle notices awaiting their echo, by id. */
  private readonly waiting = new Map<string, () => void>();
  private readonly tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  private sequence = 0;
  private listeners: (() => void)[] = [];

  constructor(private readonly options: AuthNotificationsOptions) {
    options.cache.attach(this);
  }

  /** Starts connecting; the cache stays bypassed until LISTEN succeeds. */
  start(): void {
    void this.connect();
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs ?? 2000);
    this.heartbeat.unref();
  }

  /** Resolves once notices are being received (for tests and start-up logs). */
  listeningNow(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  get isListening(): boolean {
    return this.listening;
  }

  /**
   * Waits until every change committed before the call has reached the cache. If the echo is
   * late, the cache forgets everything rather than risk serving a revoked credential.
   */
  async settle(): Promise<void> {
    if (!(await this.echo())) this.options.cache.clear();
  }

  /**
   * Sends a notice to ourselves and waits for it: true once it is back, false after the timeout.
   * PostgreSQL delivers notices in commit order, so when ours arrives every change committed
   * before it has been applied. Without a listening connection there is nothing to wait for:
   * the cache is bypassed then.
   */
  private echo(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.listening) return Promise.resolve(true);

    this.sequence += 1;
    const id = `${this.tag}.${this.sequence}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(false);
      }, this.options.settleTimeoutMs ?? 2000);
      this.waiting.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      client.query('select pg_notify($1, $2)', [AUTH_CHANNEL, `settle:${id}`]).catch(() => {
        // The connection's own error handler deactivates the cache and releases the waiters.
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.drop();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.options.url,
      application_name:
        this.options.applicationName ?? `${LISTENER_APPLICATION_NAME} ${process.pid}`,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', (message) => this.receive(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));

    try {
      await client.connect();
      await client.query(`listen ${AUTH_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;

    this.failures = 0;
    this.listening = true;
    this.options.cache.activate();
    this.options.logger.info({ channel: AUTH_CHANNEL }, 'auth cache active: listening for changes');
    for (const resolve of this.listeners.splice(0)) resolve();
  }

  /** The connection failed or ended: bypass the cache until a new one listens. */
  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    const wasListening = this.listening;
    this.drop();
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.closed) return;

    const delay = this.backoff();
    const log = { err: error, retryInMs: delay };
    if (wasListening) {
      this.options.logger.warn(log, 'auth cache off: change notices lost, reconnecting');
    } else {
      this.options.logger.warn(log, 'auth cache off: cannot listen for changes, retrying');
    }
    this.retry = setTimeout(() => void this.connect(), delay);
    this.retry.unref();
  }

  private drop(): void {
    this.listening = false;
    this.options.cache.deactivate();
    for (const release of this.waiting.values()) release();
    this.waiting.clear();
  }

  private backoff(): number {
    const min = this.options.minBackoffMs ?? 100;
    const max = this.options.maxBackoffMs ?? 5000;
    const delay = Math.min(max, min * 2 ** this.failures);
    this.failures += 1;
    // Jitter, so that the processes of a deployment do not all reconnect in step.
    return Math.round(delay * (0.5 + Math.random() / 2));
  }

  private async beat(): Promise<void> {
    const client = this.client;
    if (!client || !this.listening) return;
    if (!(await this.echo()))
      this.lost(client, new Error('the heartbeat notice did not come back'));
  }

  private receive(message: Notification): void {
    if (message.channel !== AUTH_CHANNEL) return;
    const payload = message.payload ?? '';

    if (payload.startsWith('settle:')) {
      const id = payload.slice('settle:'.length);
      const release = this.waiting.get(id);
      this.waiting.delete(id);
      release?.();
      return;
    }

    const change = parseNotice(payload);
    if (!change) {
      this.options.logger.warn({ payload }, 'unrecognised auth change notice: cache cleared');
      this.options.cache.clear();
      return;
    }
    this.options.cache.invalidate(change);
  }
}

/** Reads a trigger's payload; undefined for anything unexpected, which clears the whole cache. */
export function parseNotice(payload: string): Invalidation | undefined {
  if (payload === 'all') return { kind: 'all' };

  const separator = payload.indexOf(':');
  const kind = payload.slice(0, separator);
  const rest = payload.slice(separator + 1);
  if (kind === 'token' || kind === 'session') {
    const checksums = rest.split(',');
    return checksums.every((value) => /^[0-9a-f]{64}$/.test(value))
      ? { kind, checksums }
      : undefined;
  }
  if ((kind === 'user' || kind === 'application') && /^\d{1,18}$/.test(rest)) {
    return { kind, id: Number(rest) };
  }
  return undefined;
}

/**
 * The cache for a server process, wired to its change notices; undefined when it is turned off.
 *
 * On the embedded database it is always off. PGlite is one backend shared by every connection of
 * its socket, and a notice goes back to the connection whose statement raised it, not to a
 * listener, so the server would never hear of a change made by a `manage` command beside it.
 * There every request reads the database, which one process on one PGlite can afford.
 */
export function createAuthCache(
  config: Config,
  logger: FastifyBaseLogger,
  now: () => Date,
): AuthCache | undefined {
  if (!config.databaseUrl || config.authCacheSize === 0) return undefined;

  const cache = new AuthCache({
    max: config.authCacheSize,
    ttlSeconds: config.authCacheTtl,
    now,
  });
  new AuthNotifications({ url: config.databaseUrl, cache, logger }).start();
  return cache;
}
