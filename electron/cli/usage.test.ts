/**
 * Usage of `taxiway`: help, version, and every way a command line can be wrong (exit code 2, a
 * message naming the problem, a usage line, never an echoed secret). Most cases run the CLI
 * in-process through `runCli` (same parsing and error paths, milliseconds each); the process
 * level (real exit codes, stdin) is checked by spawning ./bin/taxiway.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { COMMANDS } from './registry';
import { runCli } from './run';
import { taxiway } from './test-cli';
import { memoryIo } from './test-io';

const COLLECTION = 'http://127.0.0.1:1/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/';

async function cli(argv: string[], options: Parameters<typeof memoryIo>[0] = {}) {
  const io = memoryIo(options);
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('taxiway help and version', () => {
  it('lists every registered command and prints the package version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name} `);
    expect(help.stdout).toMatch(/Secrets never go on the command line/);
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
    expect((await cli(['collections', '--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('shows a command’s help with its options and examples, without needing its arguments', async () => {
    const objects = await cli(['objects', '--help']);
    expect(objects.code).toBe(0);
    expect(objects.stdout).toMatch(/^Usage: taxiway objects COLLECTION_URL \[options\]/);
    for (const flag of [
      '--type',
      '--added-after',
      '--next',
      '--all',
      '--format',
      '--profile',
      '--ca',
    ])
      expect(objects.stdout).toContain(flag);
    expect(objects.stdout).toMatch(/Examples:\n {2}taxiway objects http:\/\/127\.0\.0\.1:8021\//);
    expect((await cli(['help', 'profiles', 'add'])).stdout).toMatch(/--password-stdin/);
    const del = await cli(['delete', '-h']);
    expect(del.stdout).toMatch(/Without\n?\s*--version EVERY version is deleted/);
    const group = await cli(['profiles']);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/profiles add/);
  });
});

describe('taxiway usage errors (exit code 2)', () => {
  const cases: [string, string[], RegExp, Parameters<typeof memoryIo>[0]?][] = [
    ['no command', [], /Usage: taxiway COMMAND/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown sub-command', ['profiles', 'frob'], /unknown command "profiles frob"/],
    ['options before the command', ['--verbose', 'objects'], /the command comes first/],
    ['a missing argument', ['objects'], /objects takes 1 argument \(COLLECTION_URL\); 0 given/],
    [
      'no API root and no profile',
      ['collections'],
      /collections needs the API_ROOT_URL, or --profile NAME/,
    ],
    ['an unknown option', ['objects', COLLECTION, '--frob'], /unknown option --frob/],
    ['an option without its value', ['objects', COLLECTION, '--limit'], /--limit needs a value/],
    ['a value for a flag', ['objects', COLLECTION, '--all=yes'], /--all takes no value/],
    ['a URL that is not one', ['root', 'not a url'], /API_ROOT_URL must be a URL/],
    ['an ftp URL', ['root', 'ftp://host/x/'], /must be an http\(s\) URL/],
    [
      'two kinds of authentication',
      ['root', COLLECTION, '--user', 'a', '--token'],
      /--user and --token ask for different kinds/,
    ],
    [
      '--auth header without its header',
      ['root', COLLECTION, '--auth', 'header'],
      /--auth header needs --header-name/,
    ],
    [
      '--auth with an unknown kind',
      ['root', COLLECTION, '--auth', 'kerberos'],
      /--auth must be one of none, basic, bearer, header, cert/,
    ],
    [
      '--cert without --key',
      ['root', COLLECTION, '--cert', 'c.pem'],
      /--cert FILE and --key FILE go together/,
    ],
    [
      '--pfx with --cert',
      ['root', COLLECTION, '--pfx', 'a.p12', '--cert', 'c', '--key', 'k'],
      /either --pfx FILE or --cert FILE/,
    ],
    [
      '--auth cert without a certificate',
      ['root', COLLECTION, '--auth', 'cert'],
      /--auth cert needs --cert/,
    ],
    [
      'a timeout out of range',
      ['root', COLLECTION, '--timeout', '0'],
      /--timeout needs a number of seconds between 1 and 600/,
    ],
    [
      'an unknown TAXII version',
      ['root', COLLECTION, '--taxii', '3.0'],
      /--taxii must be one of 2\.0, 2\.1/,
    ],
    [
      'a header without a name',
      ['root', COLLECTION, '--header', 'novalue'],
      /--header needs 'NAME: VALUE'/,
    ],
    [
      'an Authorization header',
      ['root', COLLECTION, '--header', 'Authorization: Basic x'],
      /--header Authorization cannot be set: credentials go through --user, --token or --header-name/,
    ],
    [
      'a malformed pin',
      ['root', COLLECTION, '--pin', 'abc'],
      /--pin: expected a SHA-256 fingerprint/,
    ],
    [
      '--user without a password',
      ['root', COLLECTION, '--user', 'analyst'],
      /--user analyst needs a password \(in TAXIWAY_PASSWORD, or on standard input with --password-stdin\)/,
    ],
    [
      '--token without TAXIWAY_TOKEN',
      ['root', COLLECTION, '--token'],
      /--token needs the token in TAXIWAY_TOKEN/,
    ],
    [
      '--header-name without a key',
      ['root', COLLECTION, '--header-name', 'X-Api-Key'],
      /needs the API key in TAXIWAY_API_KEY/,
    ],
    [
      '--password-stdin without --user',
      ['root', COLLECTION, '--password-stdin'],
      /--password-stdin goes with --user/,
    ],
    [
      '--password-stdin with nothing on stdin',
      ['root', COLLECTION, '--user', 'a', '--password-stdin'],
      /standard input held no password/,
    ],
    [
      'both stdin secrets',
      ['root', COLLECTION, '--user', 'a', '--password-stdin', '--secret-stdin'],
      /both read standard input/,
    ],
    [
      '--secret-stdin with nothing to read',
      ['root', COLLECTION, '--secret-stdin'],
      /--secret-stdin reads a bearer token/,
    ],
    [
      'a bundle and a secret both on stdin',
      ['publish', COLLECTION, '-', '--user', 'a', '--password-stdin'],
      /cannot both come from standard input/,
    ],
    [
      'a file that is not there',
      ['publish', COLLECTION, 'no-such-file.json'],
      /no-such-file\.json cannot be read \(no such file\)/,
    ],
    [
      '--version that is no version',
      ['objects', COLLECTION, '--version', 'newest'],
      /match\[version\] value "newest" is neither/,
    ],
    [
      'all with other versions',
      ['objects', COLLECTION, '--version', 'all,first'],
      /all cannot be combined/,
    ],
    [
      'a repeated type',
      ['objects', COLLECTION, '--type', 'indicator', '--type', 'indicator'],
      /lists "indicator" twice/,
    ],
    [
      'a date that is no timestamp',
      ['objects', COLLECTION, '--added-after', 'yesterday'],
      /added_after "yesterday" is not a timestamp/,
    ],
    [
      'a spec version that is none',
      ['objects', COLLECTION, '--spec-version', 'two'],
      /match\[spec_version\] value "two"/,
    ],
    [
      'an unknown format',
      ['objects', COLLECTION, '--format', 'xml'],
      /--format must be one of envelope, bundle, ndjson/,
    ],
    [
      'a bundle of manifest records',
      ['manifest', COLLECTION, '--format', 'bundle'],
      /--format must be one of envelope, ndjson/,
    ],
    [
      'filters delete does not take',
      ['delete', COLLECTION, 'x', '--type', 'indicator'],
      /unknown option --type/,
    ],
    ['profiles add without --url', ['profiles', 'add', 'demo'], /profiles add needs --url/],
    [
      'profiles import with an unknown clash rule',
      ['profiles', 'import', 'x.json', '--on-clash', 'merge'],
      /--on-clash must be one of rename, skip, replace/,
    ],
    [
      'test with a name and --profile',
      ['test', 'a', '--profile', 'b'],
      /either NAME\|URL or --profile NAME/,
    ],
  ];

  it.each(cases)('refuses %s', async (_name, argv, message, io) => {
    const run = await cli(argv, io);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^Usage: taxiway|\(taxiway .* --help/m);
  });

  it('refuses secrets on the command line without repeating them', async () => {
    const secret = 'hunter2-do-not-print';
    const runs = await Promise.all([
      cli(['objects', COLLECTION, `--token=${secret}`]),
      cli(['objects', COLLECTION, `--password=${secret}`]),
      cli(['objects', COLLECTION, '--passphrase', secret]),
      cli(['objects', COLLECTION, '--api-key', secret]),
      cli(['root', `http://analyst:${secret}@127.0.0.1:1/api1/`]),
      cli(['root', COLLECTION, '--token', secret], { env: { TAXIWAY_TOKEN: 'x' } }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(runs[0]!.stderr).toMatch(
      /--token takes no value: the token is read from the TAXIWAY_TOKEN environment variable .* secrets never go on the command line/,
    );
    expect(runs[1]!.stderr).toMatch(
      /--password is not an option: secrets never go on the command line.*TAXIWAY_PASSWORD or pass --password-stdin/,
    );
    expect(runs[2]!.stderr).toMatch(/TAXIWAY_PASSPHRASE/);
    expect(runs[3]!.stderr).toMatch(/TAXIWAY_API_KEY/);
    expect(runs[4]!.stderr).toMatch(
      /holds credentials \(user:password@\): secrets never go on the command line/,
    );
    expect(runs[5]!.stderr).toMatch(/--token takes no value: the token comes from TAXIWAY_TOKEN/);
  });

  it('refuses a broken bundle before connecting, naming the line and column or the object', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'taxiway-usage-'));
    const broken = path.join(dir, 'broken.json');
    await writeFile(
      broken,
      '{\n  "type": "bundle",\n  "objects": [\n    {"type": "indicator",}\n  ]\n}\n',
    );
    const invalid = JSON.stringify({
      type: 'bundle',
      id: 'bundle--6c6cc81f-dffd-402b-a0d5-6cb1968cf6d2',
      objects: [{ type: 'indicator', id: 'indicator--not-a-uuid', spec_version: '2.1' }],
    });
    const [json, object] = await Promise.all([
      cli(['publish', COLLECTION, broken]),
      cli(['publish', COLLECTION, '-'], { stdin: invalid }),
    ]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/broken\.json is not valid JSON: .* at line 4, column \d+/);
    expect(object.code).toBe(2);
    expect(object.stderr).toMatch(/Standard input has 1 invalid object: \$\.objects\[0\]\.id/);
    expect(object.stderr).toMatch(/nothing was sent/);
  });
});

describe('taxiway as a process', () => {
  it('exits 2 with the usage on stderr, 0 with help on stdout, and refuses --token=value', async () => {
    const [none, help, token] = await Promise.all([
      taxiway([]),
      taxiway(['publish', '--help']),
      taxiway(['objects', COLLECTION, '--token=abcdef123456']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/Usage: taxiway COMMAND/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--no-wait/);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/--token takes no value/);
    expect(token.stderr).not.toContain('abcdef123456');
  });
});
