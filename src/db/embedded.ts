import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default: a PGlite database in the data folder, served over a Unix socket to the
 * same `@mikro-orm/postgresql` driver a real server would use.
 *
 * PGlite lets one process own a data directory. The owner writes `postmaster.pid`; any other
 * process that finds a live owner talks to it through its socket instead of opening the files a
 * second time, which would corrupt them. The socket lives in the data folder (mode 0700), so only
 * the account that runs the server can reach the database, which has no password of its own.
 */

const SOCKET_NAME = '.s.PGSQL.5432';
const LOCK_NAME = 'postmaster.pid';
/** Unix socket paths longer than this are refused by the kernel (sun_path is 108 bytes). */
const MAX_SOCKET_PATH = 103;

export interface EmbeddedConnection {
  /** The folder holding the socket, as `pg` expects it in `host`. */
  socketDir: string;
  port: number;
  /** True when this process opened the database and must close it. */
  owner: boolean;
  close(): Promise<void>;
}

export class EmbeddedDatabaseBusyError extends Error {
  readonly code = 'EMBEDDED_DATABASE_BUSY';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerPid(lockFile: string): Promise<number | undefined> {
  const text = await readFile(lockFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** Creates the lock file atomically, so two processes starting together cannot both own it. */
async function takeLock(lockFile: string): Promise<void> {
  await rm(lockFile, { force: true });
  try {
    await writeFile(lockFile, String(process.pid), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new EmbeddedDatabaseBusyError(
      `Another process is opening the embedded database (${lockFile}); try again shortly.`,
    );
  }
}

async function serve(db: PGlite, socketDir: string): Promise<PGLiteSocketServer> {
  const socketPath = path.join(socketDir, SOCKET_NAME);
  if (socketPath.length > MAX_SOCKET_PATH) {
    throw new Error(
      `The embedded database socket path is too long (${socketPath.length} bytes): move the ` +
        'project to a shorter path, set DATA_DIR to a shorter folder, or set DATABASE_URL.',
    );
  }
  await rm(socketPath, { force: true });
  // The server process keeps one connection; the rest leave room for `manage` commands.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
  await server.start();
  return server;
}

/**
 * Opens the embedded database in `dataDir`, or joins the process that already has it open.
 * With `shared: false` (the web server) a live owner is an error, since two servers would
 * each think they hold the only copy of the session and token caches.
 */
export async function openEmbedded(
  dataDir: string,
  options: { shared: boolean },
): Promise<EmbeddedConnection> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dir, LOCK_NAME);

  const pid = await ownerPid(lockFile);
  if (pid !== undefined) {
    if (!options.shared) {
      throw new EmbeddedDatabaseBusyError(
        `The embedded database in ${dir} is in use by process ${pid}. Stop that process, or set ` +
          'DATABASE_URL to use a PostgreSQL server.',
      );
    }
    if (!existsSync(path.join(dir, SOCKET_NAME))) {
      throw new EmbeddedDatabaseBusyError(
        `The embedded database in ${dir} is being opened by process ${pid}; try again shortly.`,
      );
    }
    return { socketDir: dir, port: 5432, owner: false, close: async () => undefined };
  }

  await takeLock(lockFile);
  const db = await PGlite.create(path.join(dir, 'pgdata'));
  const server = await serve(db, dir);
  return {
    socketDir: dir,
    port: 5432,
    owner: true,
    close: async () => {
      await server.stop();
      await db.close();
      await rm(lockFile, { force: true });
      await rm(path.join(dir, SOCKET_NAME), { force: true });
    },
  };
}

/** An in-memory PGlite on a private socket, for tests: nothing touches the project folder. */
export async function openMemory(socketDir: string): Promise<EmbeddedConnection> {
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create();
  const server = await serve(db, socketDir);
  return {
    socketDir,
    port: 5432,
    owner: true,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
