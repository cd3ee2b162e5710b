import 'dotenv/config';
import { ConfigError, loadConfig } from './config';
import { connect, migrate } from './db/orm';
import { EmbeddedDatabaseBusyError } from './db/embedded';
import { buildApp } from './http/app';
import { isPrimaryOf, isWorker, logPlan, planWorkers, runPrimary } from './http/cluster';
import { gracefulShutdown } from './http/shutdown';
import { resolveSecretKey } from './secretKey';

/**
 * `npm start`: apply migrations, then serve until SIGTERM or SIGINT, in this process or in
 * WEB_CONCURRENCY workers (src/http/cluster.ts).
 */
async function main(): Promise<void> {
  const loaded = loadConfig();
  const config = { ...loaded, secretKey: await resolveSecretKey(loaded) };
  const plan = planWorkers(config);
  if (isPrimaryOf(plan)) return runPrimary(config, plan);

  const db = await connect(config, { shared: false });
  const { app } = await buildApp({ config, orm: db.orm });
  logPlan(app.log, plan);
  const applied = isWorker() ? [] : await migrate(db.orm);
  app.log.info(
    {
      database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})`,
      migrationsApplied: applied,
      env: config.env,
    },
    'database ready',
  );

  const stop = gracefulShutdown({
    app,
    closeDatabase: () => db.close(),
    graceSeconds: config.shutdownGrace,
    logger: app.log,
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info({ url: `${address}/graphql` }, 'serving GraphQL');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
