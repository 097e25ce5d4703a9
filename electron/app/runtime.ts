/**
 * Everything one app process runs on, whichever transport serves it: the handlers' shared
 * context (profiles, keychain, clients, page cache), the contract's handlers, the event hub and
 * the activity log. Electron's main process and the web bridge each build one Runtime and hand
 * its handlers to dispatch.
 */
import { createLogger, type Logger } from '../services/log';
import { ActivityLog } from './activity-log';
import type { DispatchOptions, Handlers } from './dispatch';
import { EventHub } from './event-hub';
import type { ExportSink } from './export-sink';
import { createHandlers } from './handlers';
import { createAppContext, type AppContext } from './handlers/context';

/** How to build a runtime. */
export interface RuntimeOptions {
  mode: 'electron' | 'web';
  /** The app version shown by `app.info`. */
  version: string;
  /** Where profiles and app data live (TAXIWAY_HOME, or Electron's userData). */
  home: string;
  /** Keychain service name; tests pass a unique one. */
  keychainService?: string;
  /** Discovery URL of the demo TAXII server this run started, if any. */
  demoServerUrl?: string;
  /** Where `export.objects` writes. */
  exportSink: ExportSink;
  /** Opens a link in the system browser (Electron); web mode leaves it to the page. */
  openInBrowser?: (url: string) => Promise<string | null>;
  /** Check results and events against the strict contract (dev and test). */
  checkResults: boolean;
}

/** A running app core. */
export interface Runtime {
  handlers: Handlers;
  /** What the handlers share (for a first-run seed, or a spec saving a connection directly). */
  context: AppContext;
  hub: EventHub;
  activity: ActivityLog;
  dispatch: DispatchOptions;
  log: Logger;
  close(): Promise<void>;
}

/** Builds the handlers' context and the handlers over it. */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = createLogger(opts.mode === 'web' ? 'web' : 'main');
  const hub = new EventHub({ checkPayloads: opts.checkResults, log });
  const activity = new ActivityLog({ hub });
  const { context, close } = await createAppContext({ ...opts, hub, activity, log });
  return {
    handlers: createHandlers(context),
    context,
    hub,
    activity,
    dispatch: { checkResults: opts.checkResults, log },
    log,
    close,
  };
}
