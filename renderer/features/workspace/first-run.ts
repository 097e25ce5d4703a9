/**
 * First run: when the only connection is the demo one this run started and nothing is open yet,
 * open the demo's first readable collection (in its default API root), so a new user sees data
 * without a click. It never takes the view from someone who already chose something.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { appInfoQuery } from '../../queries/app';
import { collectionsQuery, discoveryQuery } from '../../queries/browse';
import { connectionsQuery } from '../../queries/connections';
import { useRoute } from '../navigation/use-route';

// Once per page load: someone who later closes everything sees the empty view they asked for.
let tried = false;

/** Opens the demo's first collection once its API root and collections are known. */
export function useFirstRunCollection(): void {
  const [route, setRoute] = useRoute();
  const idle = !tried && route.view === 'browse' && !route.connectionId;
  const info = useQuery({ ...appInfoQuery(), enabled: idle });
  const conns = useQuery({ ...connectionsQuery(), enabled: idle });
  const demoUrl = info.data?.demoServerUrl;
  const only = conns.data?.length === 1 ? conns.data[0] : undefined;
  const demo =
    demoUrl && only?.server.kind === 'discovery' && only.server.url === demoUrl ? only : undefined;
  const disc = useQuery({ ...discoveryQuery(demo?.id ?? ''), enabled: idle && demo !== undefined });
  const root = disc.data?.value.default ?? disc.data?.value.apiRoots[0];
  const cols = useQuery({
    ...collectionsQuery(demo?.id ?? '', root ?? ''),
    enabled: idle && demo !== undefined && root !== undefined,
  });
  const first = cols.data?.value.find((c) => c.can_read);
  useEffect(() => {
    if (!idle || !demo || !root || !first) return;
    tried = true;
    // Checked again inside the update: a choice made meanwhile wins.
    setRoute(
      (r) =>
        r.view === 'browse' && !r.connectionId
          ? { ...r, connectionId: demo.id, apiRoot: root, collectionId: first.id }
          : r,
      { replace: true },
    );
  }, [idle, demo, root, first, setRoute]);
}
