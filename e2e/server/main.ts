/**
 * `npm run demo-server -- [options]`: the project's TAXII server with the seeded feed (and MITRE
 * ATT&CK for ICS when ../shared/data is present) on port 8021, control endpoints on, printing its
 * URLs, the TLS fingerprint and the demo credentials.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFaultSpec, type FaultRule } from './faults';
import { COLLECTIONS, DEFAULT_DEMO_PORT, DEMO_CREDENTIALS, ROOTS } from './layout';
import { assertQuirkNames, QUIRKS, type QuirkName, type QuirkOptions } from './quirks';
import { startTaxiiServer, type RunningTaxiiServer, type TaxiiServerOptions } from './server';

/** Usage text of the demo server. */
export const USAGE = `Usage: npm run demo-server -- [options]

  --port N           port to listen on (default ${DEFAULT_DEMO_PORT}; 0 = any free port)
  --host H           interface to bind (default 127.0.0.1)
  --tls              HTTPS with a self-signed certificate made at start (fingerprint printed)
  --data-file F      load the writable collections from F and save them back to F
  --page-size N      the server's maximum page size (default 100)
  --synthetic N      N synthetic objects in the "bench" collection
  --status-delay MS  delay before a POST's status turns complete (default 250)
  --status-polls N   instead: a status stays pending for N polls, then completes
  --no-seed          start without the seeded feed
  --mitre-dir D      MITRE ATT&CK for ICS folder (default ../shared/data/mitre-attack-ics)
  --no-mitre         do not load MITRE ATT&CK for ICS
  --fault SPEC       a fault rule, repeatable: kind[:key=value,...][@endpoint]
                     e.g. status:status=503,retryAfter=2,times=3@objects   latency:ms=500
  --quirk NAME       a quirk mode, repeatable (see the list below)
  --quirk-option K=V a number for a quirk, e.g. rateLimitBudget=10 (repeatable)
  --quiet            do not log requests
  --help             this text

Quirks:
${Object.entries(QUIRKS)
  .map(([k, v]) => `  ${k.padEnd(26)}${v}`)
  .join('\n')}
`;

/** Parsed command line: server options, or a request for help. */
export type ParsedArgs =
  { help: true } | { help: false; options: TaxiiServerOptions; quiet: boolean };

/** Parses demo-server arguments; throws an Error naming the bad argument. */
export function parseServerArgs(argv: readonly string[]): ParsedArgs {
  const options: TaxiiServerOptions = { port: DEFAULT_DEMO_PORT, control: true };
  const faults: FaultRule[] = [];
  const quirks: string[] = [];
  const quirkOptions: QuirkOptions = {};
  let quiet = false;
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (flag: string, min = 0): number => {
    const v = value(flag);
    if (!/^\d+$/.test(v) || Number(v) < min)
      throw new Error(`${flag} needs a whole number ≥ ${min}; got "${v}"`);
    return Number(v);
  };
  while (args.length) {
    const raw = args.shift() as string;
    const [flag, inline] =
      raw.includes('=') && raw.startsWith('--')
        ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
        : [raw, undefined];
    if (inline !== undefined) args.unshift(inline);
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--port':
        options.port = int(flag);
        if (options.port > 65535) throw new Error(`--port must be at most 65535`);
        break;
      case '--host':
        options.host = value(flag);
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--data-file':
        options.dataFile = path.resolve(value(flag));
        break;
      case '--page-size':
        options.pageSize = int(flag, 1);
        break;
      case '--synthetic':
        options.synthetic = int(flag);
        break;
      case '--status-delay':
        options.statusDelayMs = int(flag);
        break;
      case '--status-polls':
        options.statusPendingPolls = int(flag);
        break;
      case '--no-seed':
        options.seed = false;
        break;
      case '--mitre-dir':
        options.mitreDir = path.resolve(value(flag));
        break;
      case '--no-mitre':
        options.mitreDir = null;
        break;
      case '--fault':
        faults.push(parseFaultSpec(value(flag)));
        break;
      case '--quirk':
        quirks.push(value(flag));
        break;
      case '--quirk-option': {
        const v = value(flag);
        const m = /^(\w+)=(\d+)$/.exec(v);
        if (!m) throw new Error(`--quirk-option needs NAME=NUMBER; got "${v}"`);
        (quirkOptions as Record<string, number>)[m[1] as string] = Number(m[2]);
        break;
      }
      case '--quiet':
        quiet = true;
        break;
      default:
        throw new Error(`unknown argument "${raw}" (see --help)`);
    }
  }
  assertQuirkNames(quirks);
  if (faults.length) options.faults = faults;
  if (quirks.length) options.quirks = quirks as QuirkName[];
  if (Object.keys(quirkOptions).length) options.quirkOptions = quirkOptions;
  return { help: false, options, quiet };
}

/** The banner printed at start: URLs, fingerprint, credentials. */
export function describeServer(s: RunningTaxiiServer, options: TaxiiServerOptions): string {
  const lines = [
    `Taxiway demo TAXII server`,
    `  TAXII 2.1 discovery  ${s.discoveryUrl}`,
    `  TAXII 2.0 discovery  ${s.discovery20Url}`,
    `  API roots            ${Object.values(ROOTS)
      .map((r) => s.rootUrl(r.name))
      .join('  ')}`,
    `  Collections:`,
    ...s.collectionKeys.map(
      (k) => `    ${k.padEnd(14)} ${s.collectionUrl(COLLECTIONS[k].root, k)}`,
    ),
  ];
  if (s.fingerprint256) lines.push(`  TLS certificate SHA-256 fingerprint: ${s.fingerprint256}`);
  lines.push(
    `  Demo credentials for ${s.rootUrl('secure')}:`,
    `    HTTP Basic  ${DEMO_CREDENTIALS.basic.username} / ${DEMO_CREDENTIALS.basic.password}`,
    `    Bearer      ${DEMO_CREDENTIALS.bearer}`,
    `    Header      ${DEMO_CREDENTIALS.apiKey.header}: ${DEMO_CREDENTIALS.apiKey.value}`,
  );
  if (options.control)
    lines.push(`  Control: ${s.origin}/__control/ (faults, quirks, reset, requests)`);
  if (options.quirks?.length) lines.push(`  Quirks on: ${options.quirks.join(', ')}`);
  if (options.faults?.length)
    lines.push(`  Faults on: ${options.faults.map((f) => f.kind).join(', ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  let parsed: ParsedArgs;
  try {
    parsed = parseServerArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`demo-server: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { options, quiet } = parsed;
  const server = await startTaxiiServer({
    ...options,
    log: quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${describeServer(server, options)}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
