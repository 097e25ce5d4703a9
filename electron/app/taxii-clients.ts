/**
 * One TAXII client per saved connection, built from its profile and keychain secrets on first use
 * and kept (with its connection pool and the API roots' detected versions) until the profile
 * changes. Every HTTP exchange of every client lands in the activity log; pages walked go through
 * the app's page cache unless the profile opts out.
 */
import type { Profile } from '../../shared/profile';
import type { ProfileService, ResolvedConnection } from '../services/connections';
import type { PageCache } from '../services/page-cache';
import { TaxiiClient } from '../services/taxii';
import type { ActivityLog } from './activity-log';

/** A connection ready to use. */
export interface ConnectedClient {
  client: TaxiiClient;
  profile: Profile;
  connection: ResolvedConnection;
}

/** Clients by connection id. */
export class TaxiiClients {
  readonly #open = new Map<string, Promise<ConnectedClient>>();

  /** `cache` keeps pages of every connection whose profile does not opt out (`cache: false`). */
  constructor(
    private readonly profiles: ProfileService,
    private readonly activity: ActivityLog,
    private readonly cache?: PageCache,
  ) {}

  /** The client of a connection (PROFILE_NOT_FOUND, or INVALID_INPUT for a missing secret). */
  get(connectionId: string): Promise<ConnectedClient> {
    let found = this.#open.get(connectionId);
    if (!found) {
      found = this.#connect(connectionId);
      this.#open.set(connectionId, found);
      // A failed attempt is not kept: the person may fix the profile and try again.
      found.catch(() => {
        if (this.#open.get(connectionId) === found) this.#open.delete(connectionId);
      });
    }
    return found;
  }

  /** Forgets (and closes) the client of a connection whose profile changed. */
  async invalidate(connectionId: string): Promise<void> {
    const found = this.#open.get(connectionId);
    this.#open.delete(connectionId);
    const open = await found?.catch(() => undefined);
    await open?.client.close();
  }

  /** Closes every client. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((id) => this.invalidate(id)));
  }

  async #connect(connectionId: string): Promise<ConnectedClient> {
    const profile = await this.profiles.get(connectionId);
    const secretHeaders = [
      ...(profile.auth.kind === 'header' ? [profile.auth.name] : []),
      ...profile.headers.filter((h) => h.secret).map((h) => h.name),
    ];
    const { connection } = await this.profiles.connect(profile.id, {
      onExchange: (record) => this.activity.record(record, profile.id, secretHeaders),
    });
    const client = new TaxiiClient(connection.options);
    if (this.cache && profile.cache) client.useCache(this.cache, profile.id);
    return { client, profile, connection };
  }
}
