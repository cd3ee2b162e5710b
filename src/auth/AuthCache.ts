import { LRUCache } from 'lru-cache';

/**
 * A bounded in-process cache of what the authentication backends read from the database, keyed
 * by the credential's checksum, so that a request with a known token or session costs no query.
 *
 * The cache is only as trustworthy as its invalidation. It holds nothing unless it is *active*,
 * which the database's change notices (src/db/authNotifications.ts) make it while their
 * connection is up: every change to a token, session, user or application evicts what it
 * touches, in this process and every other one on the same database. While that connection is
 * down the cache is dropped and bypassed, so a lost notice can never leave a revoked credential
 * usable here; the TTL only bounds how long an entry lives if a notice were somehow missed.
 *
 * Entries are the rows as found (revoked, expired or not): the backends check revocation, the
 * user's state and expiry on every hit, with the injected clock, so expiry is honoured to the
 * second whatever the TTL. Unknown checksums are remembered too, briefly and apart from the known
 * ones, so that a flood of made-up tokens is answered from memory without pushing out the
 * entries of real clients; a new row's notice clears its checksum from there.
 */

/** What every cached record must tell, so a change to its user or application can evict it. */
export interface CachedRecord {
  userId: number | null;
  applicationId: number | null;
}

export type CredentialKind = 'token' | 'session';

/** One change notice, as the database triggers describe it. */
export type Invalidation =
  | { kind: 'token'; checksums: string[] }
  | { kind: 'session'; checksums: string[] }
  | { kind: 'user'; id: number }
  | { kind: 'application'; id: number }
  | { kind: 'all' };

/** Where the cache learns of changes: the notification listener, or nothing in unit tests. */
export interface InvalidationFeed {
  /** Resolves once every change committed before the call has been applied to the cache. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface AuthCacheOptions {
  /** Most records kept; the least recently used go first. */
  max: number;
  ttlSeconds: number;
  /** How long an unknown checksum is remembered; five seconds (at most the TTL) by default. */
  negativeTtlSeconds?: number;
  /** The clock entries age by. */
  now: () => Date;
}

interface Flight<T> {
  promise: Promise<T | null>;
  epoch: number;
  stale: boolean;
}

const DEFAULT_NEGATIVE_TTL_SECONDS = 5;

export class AuthCache {
  private readonly found: LRUCache<string, CachedRecord>;
  private readonly missing: LRUCache<string, true>;
  /** Loads under way, so that concurrent requests with one credential share one query. */
  private readonly flights = new Map<string, Flight<CachedRecord>>();
  /**
   * Bumped by every invalidation that cannot name its keys (a user, an application, all): a load
   * that began before such a change may have read the old row, and must not be stored.
   */
  private epoch = 0;
  private live = false;
  private feed: InvalidationFeed | undefined;

  constructor(options: AuthCacheOptions) {
    const perf = { now: () => options.now().getTime() };
    const negativeTtl = options.negativeTtlSeconds ?? DEFAULT_NEGATIVE_TTL_SECONDS;
    this.found = new LRUCache({
      max: options.max,
      ttl: options.ttlSeconds * 1000,
      ttlResolution: 0,
      perf,
    });
    this.missing = new LRUCache({
      max: options.max,
      ttl: Math.min(negativeTtl, options.ttlSeconds) * 1000,
      ttlResolution: 0,
      perf,
    });
  }

  /** True while change notices arrive; only then is anything served from memory. */
  get active(): boolean {
    return this.live;
  }

  get size(): number {
    return this.found.size + this.missing.size;
  }

  /** The record for a checksum: from memory when active, else from `load` (and kept if active). */
  async lookup<T extends CachedRecord>(
    kind: CredentialKind,
    checksum: string,
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    if (!this.live) return load();

    const key = `${kind}:${checksum}`;
    const hit = this.found.get(key);
    if (hit) return hit as T;
    if (this.missing.has(key)) return null;

    const flying = this.flights.get(key);
    if (flying) return flying.promise as Promise<T | null>;
    return this.fly(key, load);
  }

  private fly<T extends CachedRecord>(key: string, load: () => Promise<T | null>) {
    const flight: Flight<T> = { promise: Promise.resolve(null), epoch: this.epoch, stale: false };
    const land = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      return this.live && !flight.stale && flight.epoch === this.epoch;
    };

    flight.promise = load().then(
      (record) => {
        if (!land()) return record;
        if (record === null) this.missing.set(key, true);
        else this.found.set(key, deepFreeze(record));
        return record;
      },
      (error: unknown) => {
        land();
        throw error;
      },
    );
    this.flights.set(key, flight as Flight<CachedRecord>);
    return flight.promise;
  }

  /** Applies one change notice. */
  invalidate(change: Invalidation): void {
    if (change.kind === 'token' || change.kind === 'session') {
      for (const checksum of change.checksums) this.forgetKey(`${change.kind}:${checksum}`);
      return;
    }
    if (change.kind === 'all') {
      this.clear();
      return;
    }

    this.epoch += 1;
    this.flights.clear();
    const field = change.kind === 'user' ? 'userId' : 'applicationId';
    const doomed: string[] = [];
    for (const [key, record] of this.found.entries()) {
      if (record[field] === change.id) doomed.push(key);
    }
    for (const key of doomed) this.found.delete(key);
  }

  /** Drops every entry, and whatever loads are under way. */
  clear(): void {
    this.epoch += 1;
    this.flights.clear();
    this.found.clear();
    this.missing.clear();
  }

  /** Starts serving from memory, from empty: called once change notices are being received. */
  activate(): void {
    this.clear();
    this.live = true;
  }

  /** Stops serving from memory and empties it: called when change notices may be missed. */
  deactivate(): void {
    this.live = false;
    this.clear();
  }

  /** Connects the source of change notices, which `settle` and `close` then reach. */
  attach(feed: InvalidationFeed): void {
    this.feed = feed;
  }

  /**
   * Waits until every change this process has committed has reached the cache, so the response
   * to a request that revoked something leaves before the next request could be served stale.
   */
  settle(): Promise<void> {
    if (!this.live || !this.feed) return Promise.resolve();
    return this.feed.settle();
  }

  async close(): Promise<void> {
    this.deactivate();
    await this.feed?.close();
  }

  private forgetKey(key: string): void {
    this.found.delete(key);
    this.missing.delete(key);
    const flight = this.flights.get(key);
    if (!flight) return;
    flight.stale = true;
    this.flights.delete(key);
  }
}

/** Cached records are shared by every request that hits them: none may change one in place. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
