/**
 * The `views.*` handlers (shared/contract/views.ts). Until the collection-view service is wired,
 * each answers a clear "not implemented yet" error, so the renderer can be built against the
 * real types.
 */
import type { CallName } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Handlers } from './dispatch';

type ViewCall = Extract<CallName, `views.${string}`>;

/** The view handlers' part of `Handlers`. */
export type ViewHandlers = Pick<Handlers, ViewCall>;

const notYet = (name: ViewCall) => async (): Promise<never> => {
  throw new AppError({
    code: 'INTERNAL',
    message: `${name} is not implemented yet.`,
    hint: 'Collection views arrive with the view-service branch; use objects.page meanwhile.',
    where: name,
  });
};

/** Handlers that refuse every view call with a clear "not implemented yet" error. */
export function unimplementedViewHandlers(): ViewHandlers {
  return {
    'views.open': notYet('views.open'),
    'views.window': notYet('views.window'),
    'views.state': notYet('views.state'),
    'views.counts': notYet('views.counts'),
    'views.object': notYet('views.object'),
    'views.load-more': notYet('views.load-more'),
    'views.load-all': notYet('views.load-all'),
    'views.cancel': notYet('views.cancel'),
    'views.refresh': notYet('views.refresh'),
    'views.close': notYet('views.close'),
  };
}
