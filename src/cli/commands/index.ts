import { defineCommand, type Command } from '../command';
import { migrate } from './migrate';
import { createsuperuser } from './createsuperuser';
import { createuser } from './createuser';
import { createapplication } from './createapplication';
import { issuetoken } from './issuetoken';
import { cleartokens } from './cleartokens';

/** Every `manage` command, in the order `--help` lists them. */
export const commands: Command[] = [
  defineCommand(migrate),
  defineCommand(createsuperuser),
  defineCommand(createuser),
  defineCommand(createapplication),
  defineCommand(issuetoken),
  defineCommand(cleartokens),
];
