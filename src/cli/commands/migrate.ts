import { migrate as applyMigrations } from '../../db/orm';
import type { CommandSpec } from '../command';

/** `manage migrate`: brings the schema up to date, as `npm start` does before serving. */
export const migrate: CommandSpec<Record<string, never>> = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'migrate',
  help: `Applies every migration the database has not seen yet, each in its own transaction, and
lists the ones it applied. \`npm start\` does the same before it serves.`,
  options: {},
  needsSchema: false,
  parse: () => ({}),

  async run({ orm, out }) {
    const applied = await applyMigrations(orm);
    if (applied.length === 0) {
      out('No migrations to apply.');
      return;
    }
    for (const name of applied) out(`Applied ${name}`);
  },
};
