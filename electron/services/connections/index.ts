/**
 * Connection profiles, secrets, trust and the connection test: the API the app's handlers and
 * the command line use. Everything here is plain Node (no electron).
 */
export { dataDir, PROFILES_FILE_NAME, APP_FOLDER_NAME } from './data-dir';
export {
  ProfileService,
  openProfiles,
  summarize,
  type ProfileServiceOptions,
  type ProfileList,
  type RemoveResult,
  type SaveResult,
} from './profiles';
export { findProfile } from './profile-names';
export { secretFlags, takeUrlSecrets, applySecretChanges } from './profile-secrets';
export {
  ProfileStore,
  parseProfileFile,
  type StoreNotice,
  type LoadedProfiles,
} from './profile-store';
export {
  buildConnection,
  resolveStartUrl,
  resolveProxy,
  bypassesProxy,
  loadCaCertificates,
  loadClientIdentity,
  noSecrets,
  describeProfileServer,
  type ProfileSecretValues,
  type ResolvedConnection,
  type BuildConnectionOptions,
  type StartUrl,
} from './connection-options';
export {
  inspectCertificate,
  certificateVerdict,
  certificateDetails,
  describePeer,
  type CertificateInfo,
  type InspectOptions,
} from './certificate';
export {
  testConnection,
  TEST_STEPS,
  type TestStepName,
  type TestStepReport,
  type ConnectionTestReport,
  type TestConnectionOptions,
} from './test-connection';
export { resolveSrvTarget, makeResolver, type SrvTarget, type SrvResolver } from './srv';
export { extractUrlSecrets, type UrlSecrets } from './url-secrets';
export { guessServerTarget } from './server-target';
