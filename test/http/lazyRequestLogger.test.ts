import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { lazyChildLoggerFactory } from '../../src/http/lazyRequestLogger';

/** The per-request logger stand-in writes exactly what a pino child would, when it writes. */

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level, redact: ['*.password'] }, stream) as unknown as FastifyBaseLogger;
  const child = (options = {}) =>
    lazyChildLoggerFactory.call(
      {} as FastifyInstance,
      root,
      { reqId: 'r1' },
      options,
      {} as IncomingMessage,
    );
  return { lines, child };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('a line carries the request id and is redacted like any other', async () => {
  const { lines, child } = capture('info');

  child().info({ body: { password: 'hunter2' } }, 'hello');
  await flush();

  expect(lines).toEqual([
    expect.objectContaining({ reqId: 'r1', msg: 'hello', body: { password: '[Redacted]' } }),
  ]);
});

test('lines below the level are dropped, others kept, and the level is the parent’s', async () => {
  const { lines, child } = capture('warn');
  const logger = child();

  logger.info('dropped');
  logger.debug('dropped');
  logger.warn('kept');
  logger.error({ code: 1 }, 'kept too');
  await flush();

  expect(logger.level).toBe('warn');
  expect(lines.map((line) => line.msg)).toEqual(['kept', 'kept too']);
});

test('a route level and grandchildren work as with pino', async () => {
  const { lines, child } = capture('warn');
  const logger = child({ level: 'debug' });

  logger.debug('route debug');
  logger.child({ step: 'x' }).info('grandchild');
  await flush();

  expect(lines.map((line) => [line.msg, line.reqId, line.step])).toEqual([
    ['route debug', 'r1', undefined],
    ['grandchild', 'r1', 'x'],
  ]);
});
