/**
 * What the Connections view says about where secrets go: nothing while the OS keychain
 * works; when it does not, why, how to fix it, and the offer to keep secrets in memory for this
 * session only; once that is chosen, that secrets will be forgotten when Taxiway closes. Never a
 * plaintext fallback.
 */
import type { Result } from '../../../shared/contract';

/** The keychain part of `app.info`. */
export type KeychainInfo = Result<'app.info'>['keychain'];

/** What to tell the person, or null when there is nothing to say. */
export interface KeychainAdvice {
  title: string;
  /** Why, in the app's words (from main), when known. */
  reason?: string;
  /** How to get a lasting keychain (left out when main's reason already says how). */
  fix?: string;
  /** Offer "Keep secrets for this session only". */
  offerSession: boolean;
  /** Secrets are in memory now and go when the app closes. */
  sessionOnly: boolean;
}

/** How to get a keychain on a Linux desktop (the only place one is commonly missing). */
export const KEYCHAIN_FIX =
  'To keep secrets between sessions, run a Secret Service: GNOME Keyring (gnome-keyring) or KWallet on KDE, unlocked in your desktop session, then restart Taxiway.';

/** The advice for the app's keychain state. */
export function keychainAdvice(k: KeychainInfo): KeychainAdvice | null {
  switch (k.storage) {
    case 'keychain':
      return null;
    case 'session':
      return {
        title:
          'Secrets are kept for this session only: they will be forgotten when Taxiway closes.',
        ...(k.reason ? { reason: k.reason } : {}),
        fix: KEYCHAIN_FIX,
        offerSession: false,
        sessionOnly: true,
      };
    case 'unavailable':
      return {
        title:
          'The system keychain is not available, so passwords, tokens and keys cannot be saved.',
        ...(k.reason ? { reason: k.reason } : { fix: KEYCHAIN_FIX }),
        offerSession: true,
        sessionOnly: false,
      };
  }
}
