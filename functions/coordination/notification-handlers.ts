// Notification targets: parse (done by the middleware) -> authorize -> call shared/.
import type { NotifyScope } from '../../shared/domain/outbox-message.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { notificationRoutes } from '../../shared/http/routes/notification-routes.ts';
import {
  readNotificationTargets,
  replaceNotificationTargets,
} from '../../shared/services/notification-service.ts';

type Req<Id extends (typeof notificationRoutes)[number]['id']> = RequestOf<typeof notificationRoutes, Id>;

const view = ({
  scope,
  emails,
  version,
  updatedAt,
}: Awaited<ReturnType<typeof readNotificationTargets>>) => ({
  scope,
  emails,
  version,
  ...(updatedAt ? { updatedAt } : {}),
});

export const notificationHandlers = {
  getNotificationTargets: async (req: Req<'getNotificationTargets'>): Promise<ApiResult> => {
    const targets = await readNotificationTargets(req.principal, req.params.scope as NotifyScope);
    return { status: 200, body: view(targets), version: targets.version };
  },
  putNotificationTargets: async (req: Req<'putNotificationTargets'>): Promise<ApiResult> => {
    const scope = req.params.scope as NotifyScope;
    const targets = await replaceNotificationTargets(req.principal, scope, req.body.emails, req.ifMatch);
    return { status: 200, body: view(targets), version: targets.version };
  },
};
