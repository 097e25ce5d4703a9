/**
 * The TAXII client core (plain Node, no electron): what the command line, the app's handlers and
 * the benchmark use.
 *
 * ```ts
 * const client = new TaxiiClient(connectionOptions);       // one per server/profile
 * const { value } = await client.discover('https://taxii.example.com');
 * for await (const page of client.objectPages(collectionUrl, { type: ['indicator'] }, { signal })) {
 *   show(page.items, page.notes);                           // first page at once; break = abort
 * }
 * const result = await publish(client, collectionUrl, bundleText, { onProgress });
 * await client.close();
 * ```
 *
 * Every failure is an AppError (shared/errors.ts) with code, message, hint and a credential-free
 * `where`; every result that got past a server's oddity carries `notes` (shared/taxii/notes.ts).
 *
 * Real servers: 429/503 Retry-After and transient failures are retried with visible,
 * cancellable waits (`onWait`, `retry`), a `budget` caps requests per window, walks survive
 * expired and looping `next` tokens, refused limits and filters, and can be resumed from a
 * `checkpoint` (`{ checkpoints: true }` → `page.checkpoint`, later `{ resume }`); `useCache()`
 * keeps pages on disk (../page-cache). Credentials, secret headers (`secretHeaders`) and secret
 * query parameters (`query`) go only to `authOrigins` and are redacted everywhere.
 */
export { TaxiiClient, DEFAULT_PAGE_SIZE, parseContentRange, newBundleId } from './client';
export type { CallOptions, TaxiiResult, DiscoveryInfo, PageWalkOptions } from './client';
export { publish, readPublishInput } from './publish';
export { planPublish } from './publish-plan';
export type { PlanAction, PlanEntry, PublishPlan } from './publish-plan';
export type {
  PublishOptions,
  PublishProgress,
  PublishResult,
  PublishedRequest,
  ObjectOutcome,
} from './publish';
export { splitUpload } from './split';
export type { UploadChunk, Wrapper } from './split';
export { resolveTaxiiSrv, orderSrvRecords, makeResolver } from './srv';
export type { SrvDiscovery, SrvOptions, SrvResolver } from './srv';
export { HttpEngine, USER_AGENT, DEFAULT_TIMEOUT_MS } from './http';
export type { HttpRequest, HttpResponse, EngineInternals } from './http';
export { walkPages, settlePage } from './paging';
export type { WalkOptions, PageFetcher, FetchedPage, WalkIdentity } from './paging';
export { DEFAULT_RETRY, backoffMs, retryPolicy } from './retry';
export { safeUrl, redactHeaders, isSecretName, REDACTED } from './redact';
export { normaliseFingerprint, certificateDetails } from './connector';
export { apiRootOf, normaliseUrl } from './urls';
export type {
  AuthOptions,
  ConnectionOptions,
  ExchangeRecord,
  ProxyOptions,
  RequestBudget,
  RetryPolicy,
  TlsOptions,
} from './options';
export type { WaitNotice, WaitReason } from '../../../shared/taxii/waits';
export type { WalkCheckpoint } from '../../../shared/taxii/checkpoint';
