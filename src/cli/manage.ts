import 'dotenv/config';
import { text } from 'node:stream/consumers';
import { connect } from '../db/orm';
import { runManage } from './run';

/**
 * `npm run manage -- <command>`: administration from the shell. With the embedded database the
 * connection is shared, so the commands reach a running server's database through its socket.
 */
// A reader that stops early (`| head`) must not crash the command before it closes the database.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

runManage(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  readStdin: () => text(process.stdin),
  now: () => new Date(),
  connect: (config) => connect(config, { shared: true }),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`manage: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
