/**
 * The activity area's handlers: the activity log's exchanges (secrets redacted), and a request
 * spelled out as a curl command with its secrets as placeholders.
 */
import { AppError } from '../../../shared/errors';
import { MEDIA_TYPES } from '../../../shared/taxii/media-types';
import type { HandlerMap } from '../dispatch';
import { credentialOriginOf } from '../curl-origin';
import { buildCurl } from '../request-curl';
import type { AppContext } from './context';

/** Handlers of `activity.list` and `request.curl`. */
export const activityHandlers = (app: AppContext) =>
  ({
    'activity.list': async (a) =>
      app.activity.list({
        ...(a.connectionId !== undefined ? { connectionId: a.connectionId } : {}),
        ...(a.limit !== undefined ? { limit: a.limit } : {}),
      }),

    'request.curl': async (a) => {
      const fromLog = 'exchangeId' in a ? app.activity.get(a.exchangeId) : undefined;
      if ('exchangeId' in a && (!fromLog || fromLog.connectionId === undefined)) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'That request is no longer in the activity log.',
          hint: 'Repeat the request, then copy it again.',
          where: 'exchangeId',
        });
      }
      const connectionId = fromLog
        ? fromLog.connectionId!
        : (a as { connectionId: string }).connectionId;
      const method = (
        fromLog?.method ??
        ('method' in a ? a.method : undefined) ??
        'GET'
      ).toUpperCase();
      const url = fromLog?.url ?? (a as { url: string }).url;
      const profile = await app.profiles.get(connectionId);
      const summary = await app.profiles.summary(connectionId);
      const accept =
        Object.entries(fromLog?.requestHeaders ?? {}).find(
          ([k]) => k.toLowerCase() === 'accept',
        )?.[1] ?? (profile.taxiiVersion === '2.0' ? MEDIA_TYPES.taxii20 : MEDIA_TYPES.taxii21);
      return buildCurl({
        method: method === 'POST' || method === 'DELETE' ? method : 'GET',
        url,
        accept,
        ...(method === 'POST'
          ? {
              contentType:
                profile.taxiiVersion === '2.0' ? MEDIA_TYPES.stix20 : MEDIA_TYPES.taxii21,
            }
          : {}),
        auth:
          profile.auth.kind === 'basic'
            ? { kind: 'basic', username: profile.auth.username }
            : profile.auth.kind === 'header'
              ? { kind: 'header', headerName: profile.auth.name }
              : { kind: profile.auth.kind },
        headers: profile.headers.map((h) =>
          h.secret
            ? { name: h.name, secret: true }
            : { name: h.name, value: h.value, secret: false },
        ),
        ...(profile.proxy.kind === 'url'
          ? {
              proxy: {
                url: profile.proxy.url,
                ...(profile.proxy.username ? { username: profile.proxy.username } : {}),
                hasPassword: summary.secrets.hasProxyPassword,
              },
            }
          : {}),
        tls: {
          hasCa: profile.tls.ca !== undefined,
          hasClientCert: profile.tls.clientCertificate !== undefined,
          pinned: profile.tls.pinSha256 !== undefined,
        },
        querySecrets: profile.urlSecretParams,
        ...(await credentialOriginOf(profile, () => app.clients.get(connectionId))),
      });
    },
  }) satisfies HandlerMap;
