/**
 * The pictures' handlers (`views.attack-matrix`, `views.neighbourhood`, `views.activity`,
 * `views.referrers`, `views.names`): derived in the main process from the open collection views
 * (electron/services/view-analysis), one small answer each.
 */
import { ViewAnalysis } from '../../services/view-analysis';
import type { CollectionViews } from '../../services/collection-view';
import type { HandlerMap } from '../dispatch';
import type { AppContext } from './context';

const analyses = new WeakMap<CollectionViews, ViewAnalysis>();

function analysisOf(app: AppContext): ViewAnalysis {
  let a = analyses.get(app.views);
  if (!a) analyses.set(app.views, (a = new ViewAnalysis(app.views)));
  return a;
}

/** Handlers of the picture calls. */
export const analysisHandlers = (app: AppContext) =>
  ({
    'views.attack-matrix': async (a) => analysisOf(app).attackMatrix(a.viewId, a.focus),
    'views.neighbourhood': async (a) =>
      analysisOf(app).neighbourhood(a.viewId, a.ids, {
        ...(a.cap !== undefined ? { cap: a.cap } : {}),
        ...(a.hide ? { hide: a.hide } : {}),
      }),
    'views.activity': async (a) => analysisOf(app).activity(a.viewId, a.field),
    'views.referrers': async (a) => analysisOf(app).referrers(a.viewId, a.id, a.limit),
    'views.names': async (a) => analysisOf(app).names(a.viewId, a.ids),
  }) satisfies HandlerMap;
