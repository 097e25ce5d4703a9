/**
 * The OS keychain, and the only module that touches keytar (macOS Keychain, Windows Credential
 * Manager, the Secret Service on Linux: GNOME Keyring or KWallet). Every value that passes
 * through is registered with the logger, so it can never be printed.
 *
 * When the keychain cannot be used, calls fail with KEYCHAIN_UNAVAILABLE saying why and how to
 * fix it. The only alternative is `sessionKeychain()`: secrets kept in this process's memory,
 * forgotten when it exits, chosen explicitly by the person. There is no plaintext fallback.
 */
import { AppError, type WireError } from '../../shared/errors';
import { createLogger, registerSecret } from './log';

/** The keychain service under which Taxiway keeps its entries. */
export const KEYCHAIN_SERVICE = 'Taxiway';

/** Where a keychain keeps its secrets. */
export type KeychainMode = 'os' | 'session';

/** Whether the keychain can be used, and if not, why and what to do. */
export type KeychainStatus =
  | { available: true; mode: KeychainMode; service: string }
  | { available: false; mode: KeychainMode; service: string; error: WireError };

/** A secret store: one entry per account under one service. */
export interface Keychain {
  /** The service name entries live under (`Taxiway`, or `Taxiway-test-…` in tests). */
  readonly service: string;
  /** `os` for the real keychain, `session` for this process's memory. */
  readonly mode: KeychainMode;
  /** Probes the keychain. Never throws. */
  available(): Promise<KeychainStatus>;
  /** The secret of `account`, or null when none is stored. */
  get(account: string): Promise<string | null>;
  /** Stores (or replaces) the secret of `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Removes `account`; true when something was removed. */
  delete(account: string): Promise<boolean>;
  /** Every account stored under the service (names only). */
  accounts(): Promise<string[]>;
}

/** Options of `osKeychain`. */
export interface OsKeychainOptions {
  /** Service name; defaults to `Taxiway`. Tests pass `Taxiway-test-<random>`. */
  service?: string;
  /**
   * How long one keychain call may take before it counts as unavailable. Generous because a
   * desktop may show an unlock prompt that a person has to answer.
   */
  timeoutMs?: number;
}

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

const log = createLogger('keychain');

let keytarPromise: Promise<KeytarApi> | undefined;

// Failures already warned about (service, operation, reason): a keychain that is missing stays
// missing, and saying so on every call fills the terminal with one line per page load.
const warned = new Set<string>();

// Loaded on first use, not at import: a missing libsecret must become KEYCHAIN_UNAVAILABLE with a
// hint, not a crash of every process that merely imports the services.
function loadKeytar(): Promise<KeytarApi> {
  keytarPromise ??= import('keytar').then((mod) => {
    const api = ((mod as { default?: unknown }).default ?? mod) as KeytarApi;
    if (typeof api.getPassword !== 'function') throw new Error('keytar did not load');
    return api;
  });
  return keytarPromise;
}

/** The plain-words reason and the fix for a keytar failure on this platform. */
export function explainKeychainFailure(
  raw: string,
  platform: NodeJS.Platform = process.platform,
): { reason: string; hint: string } {
  const sessionOnly =
    'Or choose to keep secrets for this session only (in memory, forgotten when Taxiway quits).';
  if (platform === 'darwin') {
    return {
      reason: /interaction is not allowed|locked/i.test(raw)
        ? 'the login keychain is locked'
        : 'the macOS keychain refused the request',
      hint: `Unlock the login keychain (Keychain Access, or \`security unlock-keychain\`) and allow Taxiway when asked, then try again. ${sessionOnly}`,
    };
  }
  if (platform === 'win32') {
    return {
      reason: 'the Windows Credential Manager refused the request',
      hint: `Make sure the Credential Manager service (VaultSvc) is running for your account, then try again. ${sessionOnly}`,
    };
  }
  if (/locked|dismissed|prompt/i.test(raw)) {
    return {
      reason: 'the keyring is locked and could not be unlocked',
      hint: `Unlock your keyring (GNOME: Passwords and Keys, or \`gnome-keyring-daemon --unlock\`; KDE: KWallet Manager), then try again. ${sessionOnly}`,
    };
  }
  if (/libsecret|cannot open shared object|did not load|Cannot find module/i.test(raw)) {
    return {
      reason: 'the Secret Service library (libsecret) is missing',
      hint: `Install libsecret (Debian/Ubuntu: \`sudo apt install libsecret-1-0 gnome-keyring\`; Fedora: \`sudo dnf install libsecret gnome-keyring\`), then start Taxiway again. ${sessionOnly}`,
    };
  }
  return {
    reason:
      'no Secret Service is running (no GNOME Keyring or KWallet reachable on the D-Bus session bus)',
    hint: `Install and start a Secret Service (Debian/Ubuntu: \`sudo apt install gnome-keyring\`, or enable KWallet on KDE), make sure Taxiway runs inside your desktop session (DBUS_SESSION_BUS_ADDRESS must point at the session bus), and unlock it. ${sessionOnly}`,
  };
}

function unavailable(service: string, raw: string, cause?: unknown): AppError {
  const { reason, hint } = explainKeychainFailure(raw);
  return new AppError(
    {
      code: 'KEYCHAIN_UNAVAILABLE',
      message: `The system keychain cannot be used: ${reason}.`,
      hint,
      where: `keychain service ${service}`,
      details: { reason: raw.slice(0, 300) },
    },
    { cause },
  );
}

function checkAccount(account: string): void {
  if (!account || account.length > 500) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'A keychain account name must have 1 to 500 characters.',
    });
  }
}

/** The real OS keychain through keytar. */
export function osKeychain(options: OsKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function run<T>(what: string, op: (k: KeytarApi) => Promise<T>): Promise<T> {
    let keytar: KeytarApi;
    try {
      keytar = await loadKeytar();
    } catch (error) {
      keytarPromise = undefined;
      throw unavailable(service, error instanceof Error ? error.message : String(error), error);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(keytar),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the keychain did not answer within ${timeoutMs} ms (${what})`)),
            timeoutMs,
          );
          timer.unref();
        }),
      ]);
    } catch (error) {
      const raw = error instanceof Error ? error.message : String(error);
      // A probe or a listing asks "is it there?": its failure is returned as data and said where
      // it matters (the app's keychain notice, a save that needs it), so it is not printed too.
      const key = `${service}\n${what}\n${raw}`;
      if (what === 'probe' || what === 'list')
        log.debug(`keychain ${what} failed`, { service, reason: raw });
      else if (!warned.has(key)) {
        warned.add(key);
        log.warn(`keychain ${what} failed`, { service, reason: raw });
      }
      throw unavailable(service, raw, error);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    service,
    mode: 'os',
    async available() {
      try {
        await run('probe', (k) => k.findCredentials(service));
        return { available: true, mode: 'os', service };
      } catch (error) {
        const wire =
          error instanceof AppError
            ? error.toWire()
            : ({ code: 'KEYCHAIN_UNAVAILABLE', message: String(error) } as WireError);
        return { available: false, mode: 'os', service, error: wire };
      }
    },
    async get(account) {
      checkAccount(account);
      const value = await run('read', (k) => k.getPassword(service, account));
      registerSecret(value);
      return value;
    },
    async set(account, secret) {
      checkAccount(account);
      registerSecret(secret);
      await run('write', (k) => k.setPassword(service, account, secret));
    },
    async delete(account) {
      checkAccount(account);
      return run('delete', (k) => k.deletePassword(service, account));
    },
    async accounts() {
      const found = await run('list', (k) => k.findCredentials(service));
      for (const c of found) registerSecret(c.password);
      return found.map((c) => c.account);
    },
  };
}

// One memory store per service name, shared by every sessionKeychain() of this process.
const sessionStores = new Map<string, Map<string, string>>();

/**
 * Secrets for this session only: kept in this process's memory, never written anywhere, gone
 * when the process exits. Only for a person who chose it because the OS keychain is unavailable.
 */
export function sessionKeychain(options: { service?: string } = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  let store = sessionStores.get(service);
  if (!store) {
    store = new Map();
    sessionStores.set(service, store);
  }
  const entries = store;
  return {
    service,
    mode: 'session',
    async available() {
      return { available: true, mode: 'session', service };
    },
    async get(account) {
      checkAccount(account);
      return entries.get(account) ?? null;
    },
    async set(account, secret) {
      checkAccount(account);
      registerSecret(secret);
      entries.set(account, secret);
    },
    async delete(account) {
      checkAccount(account);
      return entries.delete(account);
    },
    async accounts() {
      return [...entries.keys()];
    },
  };
}

/** Options of `openKeychain`. */
export interface OpenKeychainOptions extends OsKeychainOptions {
  /**
   * The person chose "keep secrets for this session only": use memory when (and only when) the
   * OS keychain is unavailable. Never set this on a person's behalf.
   */
  sessionOnlyFallback?: boolean;
}

/**
 * The OS keychain when it works; with `sessionOnlyFallback`, this session's memory when it does
 * not. Without the flag an unavailable keychain is returned as is, and its calls fail with
 * KEYCHAIN_UNAVAILABLE.
 */
export async function openKeychain(options: OpenKeychainOptions = {}): Promise<Keychain> {
  const os = osKeychain(options);
  if (!options.sessionOnlyFallback) return os;
  const status = await os.available();
  return status.available ? os : sessionKeychain({ service: os.service });
}
