import { describe, expect, it } from 'vitest';
import { keychainAdvice } from './keychain-advice';

describe('what the Connections view says about the keychain', () => {
  it('says nothing while the system keychain works', () => {
    expect(keychainAdvice({ available: true, storage: 'keychain' })).toBeNull();
  });

  it('explains a missing keychain, how to fix it, and offers session-only secrets', () => {
    const a = keychainAdvice({
      available: false,
      storage: 'unavailable',
      reason: 'No Secret Service answered on D-Bus.',
    });
    expect(a).toMatchObject({
      offerSession: true,
      sessionOnly: false,
      reason: 'No Secret Service answered on D-Bus.',
    });
    expect(a?.title).toContain('not available');
    // Main's reason already says how to fix it; it is not said twice.
    expect(a?.fix).toBeUndefined();
  });

  it('says how to fix a missing keychain itself when main gives no reason', () => {
    const a = keychainAdvice({ available: false, storage: 'unavailable' });
    expect(a?.fix).toMatch(/gnome-keyring/);
    expect(a?.fix).toMatch(/KWallet/);
    expect(a?.offerSession).toBe(true);
  });

  it('says secrets will be forgotten once session-only secrets are chosen, and stops offering it', () => {
    const a = keychainAdvice({ available: true, storage: 'session', reason: 'No Secret Service.' });
    expect(a?.offerSession).toBe(false);
    expect(a?.sessionOnly).toBe(true);
    expect(a?.title).toContain('forgotten when Taxiway closes');
    expect(a?.fix).toMatch(/Secret Service/);
  });
});
