/**
 * The app area's handlers: what the running app is (`app.info`), session-only secrets when the
 * OS keychain is unavailable (`keychain.use-session`), and opening a link (`links.open`).
 */
import { platform } from 'node:process';
import type { Result } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { sessionKeychain } from '../../services/keychain';
import type { HandlerMap } from '../dispatch';
import { safeExternalUrl } from '../external-url';
import type { AppContext } from './context';

/** The app's name, version, mode, platform and where secrets go. */
export async function appInfo(app: AppContext): Promise<Result<'app.info'>> {
  const current = app.profiles.keychain;
  let state: Result<'app.info'>['keychain'];
  if (current.mode === 'session') {
    state = {
      available: true,
      storage: 'session',
      reason: `Secrets are kept in this session's memory only and are forgotten when Taxiway quits.${app.keychainProblem ? ` ${app.keychainProblem}` : ''}`,
    };
  } else {
    const status = await current.available();
    state = status.available
      ? { available: true, storage: 'keychain' }
      : {
          available: false,
          storage: 'unavailable',
          reason: [status.error.message, status.error.hint].filter(Boolean).join(' '),
        };
  }
  return {
    name: 'Taxiway',
    version: app.version,
    mode: app.mode,
    platform,
    keychain: state,
    ...(app.demoServerUrl ? { demoServerUrl: app.demoServerUrl } : {}),
  };
}

/** Handlers of `app.info`, `keychain.use-session` and `links.open`. */
export const appHandlers = (app: AppContext) =>
  ({
    'app.info': () => appInfo(app),

    'keychain.use-session': async () => {
      const current = app.profiles.keychain;
      if (current.mode !== 'session') {
        const status = await current.available();
        if (status.available) {
          throw new AppError({
            code: 'INVALID_INPUT',
            message:
              'The system keychain works, so secrets are kept there; session-only secrets are for when it cannot be used.',
            hint: 'Nothing to do: secrets you save go to the system keychain.',
            where: 'keychain',
          });
        }
        app.keychainProblem = status.error.message;
        // Memory only, never a file: secrets saved from now on are forgotten when Taxiway quits.
        app.profiles.useKeychain(sessionKeychain({ service: current.service }));
        app.log.warn('secrets are kept for this session only', { reason: status.error.message });
        await app.clients.closeAll();
        const ids = (await app.profiles.list()).profiles.map((p) => p.id);
        app.hub.emit('connections.changed', { ids });
      }
      return appInfo(app);
    },

    'links.open': async ({ url: value }) => {
      const url = safeExternalUrl(value);
      if (url === null) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'Only http:// and https:// links can be opened.',
          hint: 'The link was not opened.',
          where: 'url',
        });
      }
      if (!app.openInBrowser) return { url, opened: false };
      const opened = await app.openInBrowser(url);
      return { url, opened: opened !== null };
    },
  }) satisfies HandlerMap;
