/**
 * One function per contract call, mapping each to the services. No logic of its own: argument
 * checking is dispatch's, behaviour is the services'. `Services` is injected, so tests run the
 * same handlers over real services against the real TAXII test server.
 */
import type { Args, CallName, ParsedArgs, Progress, Result } from '../../shared/contract';
import type { ActivityLog } from './activity-log';
import type { Handlers } from './dispatch';
import { unimplementedViewHandlers } from './view-handlers';

/** A service operation that can be cancelled; `callId` names the call in its events (waits). */
type Op<K extends CallName> = (
  args: ParsedArgs<K>,
  signal: AbortSignal,
  callId?: string,
) => Promise<Result<K>>;
/** A service operation that can be cancelled and reports progress. */
type OpWithProgress<K extends CallName> = (
  args: ParsedArgs<K>,
  signal: AbortSignal,
  onProgress: (progress: Progress<K>) => void,
  callId?: string,
) => Promise<Result<K>>;

/** What the handlers need: the product core, seen through the contract's shapes. */
export interface Services {
  appInfo(): Promise<Result<'app.info'>>;
  connections: {
    list(): Promise<Result<'connections.list'>>;
    get(id: string): Promise<Result<'connections.get'>>;
    /** Takes the settings before defaults too (the service validates them again). */
    save(input: Args<'connections.save'>): Promise<Result<'connections.save'>>;
    remove(id: string): Promise<Result<'connections.remove'>>;
    test: OpWithProgress<'connections.test'>;
    importProfiles(input: ParsedArgs<'connections.import'>): Promise<Result<'connections.import'>>;
    exportProfiles(input: ParsedArgs<'connections.export'>): Promise<Result<'connections.export'>>;
    pinCertificate(
      input: ParsedArgs<'connections.pin-certificate'>,
    ): Promise<Result<'connections.pin-certificate'>>;
  };
  taxii: {
    discovery: Op<'discovery.get'>;
    apiRoot: Op<'roots.get'>;
    collections: Op<'collections.list'>;
    objectsPage: Op<'objects.page'>;
    manifestPage: Op<'manifest.page'>;
    objectGet: Op<'object.get'>;
    objectVersions: Op<'object.versions'>;
    objectDelete: Op<'object.delete'>;
    upload: OpWithProgress<'bundle.upload'>;
    status: Op<'status.get'>;
    diff: OpWithProgress<'collections.diff'>;
  };
  conformance: {
    check: OpWithProgress<'conformance.check'>;
    render(input: ParsedArgs<'conformance.render'>): Promise<Result<'conformance.render'>>;
  };
  /** Session-only secrets when the OS keychain is unavailable (issue 5). */
  useSessionKeychain(): Promise<Result<'keychain.use-session'>>;
  bundles: { validate(input: ParsedArgs<'bundle.validate'>): Promise<Result<'bundle.validate'>> };
  activity: ActivityLog;
  curl(input: ParsedArgs<'request.curl'>): Promise<Result<'request.curl'>>;
  exportObjects: OpWithProgress<'export.objects'>;
  openLink(url: string): Promise<Result<'links.open'>>;
}

/** The contract's handlers over `s`. */
export function createHandlers(s: Services): Handlers {
  return {
    'app.info': () => s.appInfo(),

    'connections.list': () => s.connections.list(),
    'connections.get': (a) => s.connections.get(a.id),
    'connections.save': (a) => s.connections.save(a),
    'connections.remove': (a) => s.connections.remove(a.id),
    'connections.test': (a, c) => s.connections.test(a, c.signal, c.progress),
    'connections.import': (a) => s.connections.importProfiles(a),
    'connections.export': (a) => s.connections.exportProfiles(a),
    'connections.pin-certificate': (a) => s.connections.pinCertificate(a),

    'discovery.get': (a, c) => s.taxii.discovery(a, c.signal, c.callId),
    'roots.get': (a, c) => s.taxii.apiRoot(a, c.signal, c.callId),
    'collections.list': (a, c) => s.taxii.collections(a, c.signal, c.callId),
    'objects.page': (a, c) => s.taxii.objectsPage(a, c.signal, c.callId),
    'manifest.page': (a, c) => s.taxii.manifestPage(a, c.signal, c.callId),
    'object.get': (a, c) => s.taxii.objectGet(a, c.signal, c.callId),
    'object.versions': (a, c) => s.taxii.objectVersions(a, c.signal, c.callId),
    'object.delete': (a, c) => s.taxii.objectDelete(a, c.signal, c.callId),

    'bundle.validate': (a) => s.bundles.validate(a),
    'bundle.upload': (a, c) => s.taxii.upload(a, c.signal, c.progress, c.callId),
    'status.get': (a, c) => s.taxii.status(a, c.signal, c.callId),

    'conformance.check': (a, c) => s.conformance.check(a, c.signal, c.progress, c.callId),
    'conformance.render': (a) => s.conformance.render(a),
    'collections.diff': (a, c) => s.taxii.diff(a, c.signal, c.progress, c.callId),
    'keychain.use-session': () => s.useSessionKeychain(),

    'activity.list': async (a) =>
      s.activity.list({
        ...(a.connectionId !== undefined ? { connectionId: a.connectionId } : {}),
        ...(a.limit !== undefined ? { limit: a.limit } : {}),
      }),
    'request.curl': (a) => s.curl(a),

    'export.objects': (a, c) => s.exportObjects(a, c.signal, c.progress),
    'links.open': (a) => s.openLink(a.url),
    ...unimplementedViewHandlers(),
  };
}
