import { runManage } from '../../src/cli/run';
import { TEST_SECRET_KEY } from '../helpers/app';
import type { TestDatabase } from '../helpers/database';

export interface ManageRun {
  status: number;
  stdout: string;
  stderr: string;
  /** How often the command opened and closed the database. */
  opened: number;
  closed: number;
}

/**
 * Runs `manage` in-process against a test database, as `npm run manage --` would run it, with
 * the database connection, environment, standard input and clock injected.
 */
export async function manage(
  db: TestDatabase,
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string; now?: Date } = {},
): Promise<ManageRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const run = { opened: 0, closed: 0 };

  const status = await runManage(argv, {
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET_KEY: TEST_SECRET_KEY, ...options.env },
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    readStdin: async () => options.stdin ?? '',
    now: () => options.now ?? new Date(),
    connect: async () => {
      run.opened += 1;
      return { orm: db.orm, close: async () => void (run.closed += 1) };
    },
  });

  return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n'), ...run };
}

/** The value printed after `label:` on a line of the output. */
export function printed(output: string, label: string): string {
  const match = new RegExp(`^\\s*${label}:\\s+(\\S+)$`, 'm').exec(output);
  if (!match?.[1]) throw new Error(`no "${label}" line in:\n${output}`);
  return match[1];
}
