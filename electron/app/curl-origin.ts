/**
 * The origin a saved connection sends its credentials to, for "Copy as curl": the server URL's
 * origin, or for a DNS SRV connection the origin the lookup led to (which needs the open client).
 */
import type { Profile } from '../../shared/profile';

/**
 * `{ credentialOrigin }` for the profile, or `{}` when it cannot be known (an SRV connection
 * that does not connect); `open` gives the connection's resolved origin.
 */
export async function credentialOriginOf(
  profile: Profile,
  open: () => Promise<{ connection: { origin: string } }>,
): Promise<{ credentialOrigin?: string }> {
  if (profile.server.kind === 'srv') {
    const origin = await open().then(
      (c) => c.connection.origin,
      () => undefined,
    );
    return origin ? { credentialOrigin: origin } : {};
  }
  try {
    return { credentialOrigin: new URL(profile.server.url).origin };
  } catch {
    return {};
  }
}
