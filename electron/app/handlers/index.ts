/**
 * Every contract call's handler, gathered from the areas (each next to its body, typed from the
 * contract by its call name). A call without a handler, or a handler without a call, fails the
 * typecheck here. No logic of its own: argument checking is dispatch's, behaviour the areas'.
 */
import type { Handlers } from '../dispatch';
import { activityHandlers } from './activity';
import { analysisHandlers } from './analysis';
import { appHandlers } from './app';
import { browseHandlers } from './browse';
import { compareHandlers } from './compare';
import { conformanceHandlers } from './conformance';
import { connectionHandlers } from './connections';
import type { AppContext } from './context';
import { feedHandlers } from './feeds';
import { objectHandlers } from './objects';
import { publishHandlers } from './publish';
import { viewHandlers } from './views';

/** The contract's handlers over one app context. */
export function createHandlers(app: AppContext): Handlers {
  return {
    ...appHandlers(app),
    ...connectionHandlers(app),
    ...browseHandlers(app),
    ...objectHandlers(app),
    ...publishHandlers(app),
    ...conformanceHandlers(app),
    ...compareHandlers(app),
    ...activityHandlers(app),
    ...viewHandlers(app),
    ...feedHandlers(app),
    ...analysisHandlers(app),
  } satisfies Handlers;
}
