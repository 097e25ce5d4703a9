/**
 * Every command of `taxiway`, in the order `taxiway --help` lists them. Adding a command: write
 * one module in ./commands/ with `defineCommand`, and add it here. Sub-commands are named with a
 * space (`profiles add`); the first word then groups them.
 */
import type { CliCommand } from './command';
import { checkCommand } from './commands/check';
import { diffCommand } from './commands/diff';
import { collectionCommand } from './commands/collection';
import { collectionsCommand } from './commands/collections';
import { deleteCommand } from './commands/delete';
import { discoverCommand } from './commands/discover';
import { manifestCommand } from './commands/manifest';
import { objectCommand } from './commands/object';
import { objectsCommand } from './commands/objects';
import { profilesAddCommand } from './commands/profiles-add';
import { profilesExportCommand } from './commands/profiles-export';
import { profilesImportCommand } from './commands/profiles-import';
import { profilesListCommand } from './commands/profiles-list';
import { copyCommand } from './commands/copy';
import { watchCommand } from './commands/watch';
import { profilesOrphansCommand } from './commands/profiles-orphans';
import { profilesRemoveCommand } from './commands/profiles-remove';
import { profilesShowCommand } from './commands/profiles-show';
import { publishCommand } from './commands/publish';
import { pullCommand } from './commands/pull';
import { rootCommand } from './commands/root';
import { statusCommand } from './commands/status';
import { testCommand } from './commands/test';
import { validateCommand } from './commands/validate';
import { versionsCommand } from './commands/versions';

/** The commands. */
export const COMMANDS: readonly CliCommand[] = [
  discoverCommand,
  rootCommand,
  collectionsCommand,
  collectionCommand,
  objectsCommand,
  pullCommand,
  manifestCommand,
  objectCommand,
  versionsCommand,
  publishCommand,
  copyCommand,
  watchCommand,
  validateCommand,
  statusCommand,
  deleteCommand,
  testCommand,
  checkCommand,
  diffCommand,
  profilesListCommand,
  profilesShowCommand,
  profilesAddCommand,
  profilesRemoveCommand,
  profilesOrphansCommand,
  profilesExportCommand,
  profilesImportCommand,
];
