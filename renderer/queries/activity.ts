/** Every HTTP exchange with a TAXII server (secrets redacted), kept live by `activity.recorded`. */
import type { QueryClient } from '@tanstack/react-query';
import type { Result } from '../../shared/contract';
import { callQuery } from './call';
import { transport } from './transport';

/** One exchange. */
export type ActivityEntry = Result<'activity.list'>[number];

/** How many exchanges the panel keeps. */
export const ACTIVITY_LIMIT = 1000;

/** The newest exchanges, oldest first. */
export const activityQuery = () =>
  callQuery('activity.list', { limit: ACTIVITY_LIMIT }, { staleTime: Infinity });

/** Appends each recorded exchange to the cached list; returns the unsubscribe function. */
export function followActivity(qc: QueryClient): () => void {
  return transport().subscribe('activity.recorded', (entry) => {
    qc.setQueryData(activityQuery().queryKey, (old) => {
      if (!old) return old;
      if (old.some((e) => e.id === entry.id)) return old;
      const next = [...old, entry];
      return next.length > ACTIVITY_LIMIT ? next.slice(next.length - ACTIVITY_LIMIT) : next;
    });
  });
}
