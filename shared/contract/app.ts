/** The contract's app area: what the running app is, the keychain choice, opening links. */
import { z } from 'zod';
import { SecretStorageState } from '../profile';

/** What the renderer needs to know about the running app. */
export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
  keychain: z.strictObject({
    /** Whether secrets can be saved: in the OS keychain, or in memory for this session. */
    available: z.boolean(),
    /**
     * Why the OS keychain cannot be used, and what to do (present when unavailable, and in
     * session-only mode, which exists because of it).
     */
    reason: z.string().optional(),
    /**
     * Where secrets go: the OS keychain; this session's memory only (`keychain.use-session`,
     * forgotten when Taxiway quits); or nowhere yet (the keychain is unavailable).
     */
    storage: SecretStorageState,
  }),
  /** Discovery URL of the demo TAXII server when this run started one. */
  demoServerUrl: z.string().optional(),
});

/** `links.open`: the link to open in the system browser. */
export const LinksOpenArgs = z.strictObject({ url: z.string().min(1).max(8192) });

/** `links.open`: the normalised link; `opened` false in web mode, where the page opens it itself. */
export const LinksOpenResult = z.strictObject({ url: z.string(), opened: z.boolean() });
