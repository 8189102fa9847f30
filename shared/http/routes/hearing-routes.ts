// Hearings and their discreet reminders: API.md "Hearings".

import * as z from 'zod/mini';
import { CaseParams, ListQuery, listOf } from '../../domain/common-schemas.ts';
import {
  CalendarQuery,
  ConflictQuery,
  CreateHearingBody,
  HearingParams,
  OutcomeBody,
  PatchHearingBody,
} from '../../domain/hearing.ts';
import { HearingResponse } from '../responses/hearing-responses.ts';
import { route } from '../route.ts';

const readers = ['coordinator', 'prosecutor', 'admin'] as const;
const calendarReaders = ['coordinator', 'prosecutor'] as const;

export const hearingRoutes = [
  route({
    id: 'createHearing',
    method: 'POST',
    path: '/cases/{caseId}/hearings',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary:
      'Schedule a hearing and its SMS reminders; 409 when you are booked then, unless allowConflict=true',
    params: CaseParams,
    query: ConflictQuery,
    body: CreateHearingBody,
    audit: { entity: 'hearing', action: 'create' },
    response: HearingResponse,
    successStatus: 201,
  }),
  route({
    id: 'listCaseHearings',
    method: 'GET',
    path: '/cases/{caseId}/hearings',
    fn: 'coordination',
    access: { kind: 'roles', roles: readers },
    summary:
      'The hearings of a case; with include=reminders, each with its reminders (one read of the messages)',
    params: CaseParams,
    query: z.object({ ...ListQuery, include: z.optional(z.literal('reminders')) }),
    audit: { entity: 'hearing', action: 'list' },
    response: listOf(HearingResponse),
    successStatus: 200,
  }),
  route({
    id: 'getHearing',
    method: 'GET',
    path: '/cases/{caseId}/hearings/{hearingId}',
    fn: 'coordination',
    access: { kind: 'roles', roles: readers },
    summary: 'One hearing with its reminders and their delivery, with its ETag',
    params: HearingParams,
    audit: { entity: 'hearing', action: 'read' },
    response: HearingResponse,
    successStatus: 200,
  }),
  route({
    id: 'patchHearing',
    method: 'PATCH',
    path: '/cases/{caseId}/hearings/{hearingId}',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary:
      'Change a hearing (If-Match); a new time or place moves the reminders and sends one change notice',
    params: HearingParams,
    query: ConflictQuery,
    body: PatchHearingBody,
    ifMatch: true,
    audit: { entity: 'hearing', action: 'update' },
    response: HearingResponse,
    successStatus: 200,
  }),
  route({
    id: 'cancelHearing',
    method: 'POST',
    path: '/cases/{caseId}/hearings/{hearingId}/cancel',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Cancel a hearing (If-Match): pending reminders stop, one discreet cancellation notice goes out',
    params: HearingParams,
    ifMatch: true,
    audit: { entity: 'hearing', action: 'update' },
    response: HearingResponse,
    successStatus: 200,
  }),
  route({
    id: 'recordHearingOutcome',
    method: 'POST',
    path: '/cases/{caseId}/hearings/{hearingId}/outcome',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Record how the hearing went (If-Match); moves the programme indicators once',
    params: HearingParams,
    body: OutcomeBody,
    ifMatch: true,
    audit: { entity: 'hearing', action: 'update' },
    response: HearingResponse,
    successStatus: 200,
  }),
  route({
    id: 'hearingCalendar',
    method: 'GET',
    path: '/hearings',
    fn: 'coordination',
    access: { kind: 'roles', roles: calendarReaders },
    summary: 'Your hearings (coordinator) or your unit’s (prosecutor) starting in [from, to), by start time',
    query: CalendarQuery,
    audit: { entity: 'hearing', action: 'list' },
    response: listOf(HearingResponse),
    successStatus: 200,
  }),
  route({
    id: 'hearingCalendarIcs',
    method: 'GET',
    path: '/hearings.ics',
    fn: 'coordination',
    access: { kind: 'roles', roles: calendarReaders },
    summary: 'The same calendar as RFC 5545 (pseudonyms only, never a name or a phone)',
    query: CalendarQuery,
    audit: { entity: 'hearing', action: 'list' },
    successStatus: 200,
    produces: 'text/calendar',
  }),
];
