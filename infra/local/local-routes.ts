// The handlers of the local runtime's own routes (entries of the route table with `fn: 'local'`, in
// shared/http/routes/local-routes.ts). Each feature registers its handlers here (local-features.ts imports
// them); the local server serves these routes through the same middy chain as the Lambdas.
import type { HandlerMap } from '../../shared/http/api-handler.ts';

export const localHandlers: HandlerMap = {};
