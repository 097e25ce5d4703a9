/** `taxiway test NAME|URL`: the step-by-step connection test. */
import { isAppError } from '../../../shared/errors';
import type { Profile, ProfileSettings } from '../../../shared/profile';
import {
  guessServerTarget,
  noSecrets,
  testConnection,
  type ProfileSecretValues,
  type TestStepReport,
} from '../../services/connections';
import { defineCommand, UsageError } from '../command';
import { openProfileService, srvResolver, urlArgument } from '../connection';
import type { CliIo } from '../io';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import {
  applyOverrides,
  checkedSettings,
  mergeSecrets,
  readGivenSecrets,
  serverOverrides,
} from '../server-settings';

const MARK: Record<TestStepReport['status'], string> = {
  ok: 'ok',
  failed: 'FAILED',
  skipped: 'skipped',
};

function printStep(io: CliIo, step: TestStepReport): void {
  const time = step.status === 'skipped' ? '' : `${Math.round(step.durationMs)} ms`;
  io.err(
    `  ${MARK[step.status].padEnd(8)}${step.label.padEnd(32)}${time.padStart(9)}  ${step.detail}`,
  );
  if (step.error) {
    io.err(`          ${step.error.message}`);
    if (step.error.hint) io.err(`          ${step.error.hint}`);
  }
}

/** The test command. */
export const testCommand = defineCommand({
  name: 'test',
  summary: 'test a connection step by step (DNS, TCP, TLS, auth, discovery, roots, collections)',
  args: 'NAME|URL',
  minArgs: 0,
  maxArgs: 1,
  description: `
Runs the connection test on a saved profile NAME (or --profile NAME), or on a URL or bare domain
with the server options given here: name resolution (DNS SRV for a domain), TCP, TLS (the
certificate is shown), HTTP authentication, TAXII discovery and media type, API roots and
collections. Each step is printed on stderr with its time as it finishes, and the failing step is
explained; stdout gets the whole report as JSON. Exit code 1 when a step failed.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: [
    'taxiway test http://127.0.0.1:8021/taxii2/',
    'TAXIWAY_PASSWORD=taxiway-demo taxiway test http://127.0.0.1:8021/secure/ --user analyst',
  ],
  async run({ values, positionals }, ctx) {
    const { io } = ctx;
    const arg = positionals[0];
    if (arg !== undefined && values.profile !== undefined) {
      throw new UsageError('give either NAME|URL or --profile NAME, not both');
    }
    if (arg === undefined && values.profile === undefined) {
      throw new UsageError('give a profile NAME, a URL or a domain');
    }
    const overrides = serverOverrides(values, io.cwd);
    const isUrl = arg !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
    let profile: Profile | undefined;
    const profiles = openProfileService(io);
    if (values.profile !== undefined) profile = await profiles.get(values.profile);
    else if (!isUrl) {
      try {
        profile = await profiles.get(arg!);
      } catch (error) {
        if (!isAppError(error, 'PROFILE_NOT_FOUND')) throw error;
      }
    }

    let settings: ProfileSettings;
    let stored: ProfileSecretValues = noSecrets();
    if (profile) {
      const { id: _id, createdAt: _c, updatedAt: _u, ...saved } = profile;
      settings = checkedSettings(applyOverrides(saved, overrides));
      stored = await profiles.secretsOf(profile);
    } else {
      const server = isUrl ? guessServerTarget(urlArgument(arg!, 'URL')) : guessServerTarget(arg!);
      settings = checkedSettings(applyOverrides({ name: 'command line', server }, overrides));
    }
    const given = await readGivenSecrets(
      values,
      settings.auth.kind,
      settings.tls.clientCertificate !== undefined,
      io,
    );
    const explicit = Boolean(overrides.auth || values['password-stdin'] || values['secret-stdin']);
    const secrets = mergeSecrets(
      stored,
      settings,
      given,
      overrides,
      profile && !explicit ? 'fill' : 'override',
    );

    const resolver = srvResolver(io.env);
    io.err(`taxiway: testing ${profile ? `profile "${profile.name}"` : arg}`);
    const report = await testConnection(
      { settings, secrets },
      {
        signal: ctx.signal,
        onStep: (step) => printStep(io, step),
        ...(resolver ? { resolver } : {}),
      },
    );
    io.err(
      report.ok
        ? `taxiway: connection works (TAXII ${report.taxiiVersion ?? '?'}, ${Math.round(report.durationMs)} ms)`
        : `taxiway: connection failed at "${report.steps.find((s) => s.status === 'failed')?.label ?? '?'}"`,
    );
    await io.out.json(report);
    return report.ok ? 0 : 1;
  },
});
