/** `taxiway profiles add NAME --url URL …`: save a connection profile, secrets to the keychain. */
import { isAppError } from '../../../shared/errors';
import { guessServerTarget } from '../../services/connections';
import { defineCommand, UsageError } from '../command';
import { openSweptProfileService, urlArgument } from '../connection';
import { BASE_OPTIONS, budgetValue, SERVER_OPTIONS, VERSION_OPTION, wholeNumber } from '../options';
import {
  applyOverrides,
  checkedSettings,
  readGivenSecrets,
  secretChangesOf,
  serverOverrides,
} from '../server-settings';
import { reportStoreNotices } from './profiles-common';

/** The profiles add command. */
export const profilesAddCommand = defineCommand({
  name: 'profiles add',
  summary: 'save a connection profile (secrets go to the keychain)',
  args: 'NAME',
  minArgs: 1,
  maxArgs: 1,
  description: `
Saves a profile named NAME for the server at --url: a discovery URL (https://host/taxii2/), an API
root URL for servers without discovery, or a bare domain found through DNS SRV. Authentication:
--user NAME (HTTP Basic), --token (bearer), --header-name NAME (API key in a header), or a client
certificate (--cert/--key or --pfx, alone with --auth cert or with any of the others).

Secrets never go on the command line. They are read from TAXIWAY_PASSWORD, TAXIWAY_TOKEN,
TAXIWAY_API_KEY and TAXIWAY_PASSPHRASE, or from standard input (--password-stdin, --secret-stdin),
and stored in the OS keychain (service "Taxiway"); the profile file holds none. An extra --header
whose name looks like a credential (X-Api-Key, *token*…) is stored in the keychain too.

--budget 10/10m makes Taxiway keep to at most ten requests per ten minutes on this server by
itself (public servers with strict rate limits); waits are printed on stderr. --no-cache keeps
no pages of this server on disk (by default pages fetched with --all are kept so that fetching
them again costs no requests).

--replace updates an existing profile of that name (secrets not given again are kept).
Prints the saved profile, secrets shown only as set or missing.`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    url: {
      type: 'string',
      value: 'URL|DOMAIN',
      help: 'the server: discovery URL, API root URL, or a domain for DNS SRV (required)',
    },
    ...SERVER_OPTIONS,
    'page-size': { type: 'string', value: 'N', help: 'page size to ask for (default 100)' },
    budget: {
      type: 'string',
      value: 'N/WINDOW',
      help: 'at most N requests per WINDOW (seconds, or 10m, 1h), kept by Taxiway itself',
    },
    'no-cache': { type: 'boolean', help: "keep no pages of this server in Taxiway's disk cache" },
    replace: { type: 'boolean', help: 'update the profile if one of that name exists' },
  },
  examples: [
    'taxiway profiles add demo --url http://127.0.0.1:8021/taxii2/',
    'TAXIWAY_PASSWORD=taxiway-demo taxiway profiles add demo-secure --url http://127.0.0.1:8021/secure/ --user analyst',
    'taxiway profiles add public --url http://127.0.0.1:8021/taxii2/ --budget 10/10m --no-cache',
  ],
  async run({ values, positionals }, ctx) {
    const { io } = ctx;
    const name = positionals[0]!;
    if (values.url === undefined) throw new UsageError('profiles add needs --url URL|DOMAIN');
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(values.url);
    const server = guessServerTarget(isUrl ? urlArgument(values.url, '--url') : values.url);
    const overrides = serverOverrides(values, io.cwd);
    const pageSize = wholeNumber(values['page-size'], '--page-size');
    const budget = budgetValue(values.budget);
    const input = applyOverrides(
      {
        name,
        server,
        ...(pageSize !== undefined ? { pageSize } : {}),
        ...(budget ? { budget } : {}),
        ...(values['no-cache'] ? { cache: false } : {}),
      },
      overrides,
    );
    const settings = checkedSettings(input);
    const given = await readGivenSecrets(
      values,
      settings.auth.kind,
      settings.tls.clientCertificate !== undefined,
      io,
    );
    const profiles = await openSweptProfileService(io);
    let id: string | undefined;
    if (values.replace) {
      try {
        id = (await profiles.get(name)).id;
      } catch (error) {
        if (!isAppError(error, 'PROFILE_NOT_FOUND')) throw error;
      }
    }
    const saved = await profiles.save({
      ...(id ? { id } : {}),
      settings: input,
      secrets: secretChangesOf(settings, given, overrides),
    });
    reportStoreNotices(io, saved.notices);
    if (saved.profile.secrets.missing.length > 0) {
      io.err(
        `taxiway: note: profile "${saved.profile.name}" has no ${saved.profile.secrets.missing.join(', ')} stored; commands using it will fail until one is given (run profiles add again with --replace and the secret in its environment variable)`,
      );
    }
    await io.out.json(saved.profile);
    return 0;
  },
});
