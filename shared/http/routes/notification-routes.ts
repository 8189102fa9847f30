// Who is told by e-mail (issue 14 point 7): a unit's or a county's notification addresses, set by admins.
// README "Notifications".
import { NotificationScopeParams, NotificationTargetsBody } from '../../domain/notification-targets.ts';
import { NotificationTargetsResponse } from '../responses/notification-responses.ts';
import { route } from '../route.ts';

const admins = { kind: 'roles', roles: ['admin'] } as const;

export const notificationRoutes = [
  route({
    id: 'getNotificationTargets',
    method: 'GET',
    path: '/notification-targets/{scope}',
    fn: 'coordination',
    access: admins,
    summary: 'The e-mail addresses a unit (unit:DIICOT-CRAIOVA) or a county (county:DJ) is notified at',
    params: NotificationScopeParams,
    audit: { entity: 'notification_targets', action: 'read' },
    response: NotificationTargetsResponse,
    successStatus: 200,
  }),
  route({
    id: 'putNotificationTargets',
    method: 'PUT',
    path: '/notification-targets/{scope}',
    fn: 'coordination',
    access: admins,
    summary: 'Replace the addresses of a unit or a county, at most 20 (If-Match; "0" before the first)',
    params: NotificationScopeParams,
    body: NotificationTargetsBody,
    ifMatch: true,
    audit: { entity: 'notification_targets', action: 'update' },
    response: NotificationTargetsResponse,
    successStatus: 200,
  }),
];
