// A person behind every reply (issue 12, points 5-7): alerts, the duress word, held messages and the messages
// of a case. README "Alerts, duress word and messages".

import * as z from 'zod/mini';
import {
  AcknowledgeAlertBody,
  AlertParams,
  ListAlertsQuery,
  ListCaseAlertsQuery,
} from '../../domain/alert.ts';
import { CaseParams, ListQuery, listOf } from '../../domain/common-schemas.ts';
import { DuressWordBody } from '../../domain/duress-word.ts';
import { AlertResponse, CaseMessageResponse, ReleaseResponse } from '../responses/alert-responses.ts';
import { route } from '../route.ts';

const ListCaseMessagesQuery = z.object({ ...ListQuery });

export const alertRoutes = [
  route({
    id: 'listAlerts',
    method: 'GET',
    path: '/alerts',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator', 'admin'] },
    summary: 'Open alerts of your county (coordinator) or of all counties (admin): urgent first, then oldest',
    query: ListAlertsQuery,
    audit: { entity: 'alert', action: 'list' },
    response: listOf(AlertResponse),
    successStatus: 200,
  }),
  route({
    id: 'listCaseAlerts',
    method: 'GET',
    path: '/cases/{caseId}/alerts',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator', 'admin'] },
    summary: 'Every alert of a case, open and acknowledged, oldest first',
    params: CaseParams,
    query: ListCaseAlertsQuery,
    audit: { entity: 'alert', action: 'list' },
    response: listOf(AlertResponse),
    successStatus: 200,
  }),
  route({
    id: 'acknowledgeAlert',
    method: 'POST',
    path: '/cases/{caseId}/alerts/{alertId}/acknowledge',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Acknowledge an alert once someone called back, with a note (If-Match on the alert)',
    params: AlertParams,
    body: AcknowledgeAlertBody,
    ifMatch: true,
    audit: { entity: 'alert', action: 'update' },
    response: AlertResponse,
    successStatus: 200,
  }),
  route({
    id: 'setDuressWord',
    method: 'PUT',
    path: '/cases/{caseId}/duress-word',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Agree the victim’s duress word (3-20 letters); stored encrypted, never returned',
    params: CaseParams,
    body: DuressWordBody,
    audit: { entity: 'case', action: 'update' },
    successStatus: 204,
  }),
  route({
    id: 'releaseMessages',
    method: 'POST',
    path: '/cases/{caseId}/messages/release',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Send again the messages the duress word held (If-Match on the case)',
    params: CaseParams,
    ifMatch: true,
    audit: { entity: 'message', action: 'update' },
    response: ReleaseResponse,
    successStatus: 200,
  }),
  route({
    id: 'listCaseMessages',
    method: 'GET',
    path: '/cases/{caseId}/messages',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator', 'admin'] },
    summary: 'Every message to and from the case’s phones, newest first; the text for coordinators',
    params: CaseParams,
    query: ListCaseMessagesQuery,
    audit: { entity: 'message', action: 'read' },
    response: listOf(CaseMessageResponse),
    successStatus: 200,
  }),
];
