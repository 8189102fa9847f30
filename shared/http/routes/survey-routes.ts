// Surveys: API.md "Surveys". Definitions are the admin's; invitations are sent by the case's coordinator.
import { CaseParams } from '../../domain/common-schemas.ts';
import {
  CreateInvitationBody,
  CreateSurveyBody,
  GetSurveyQuery,
  InvitationResponse,
  ListSurveysQuery,
  SurveyParams,
} from '../../domain/survey-schemas.ts';
import { SurveyListResponse, SurveyResponse } from '../responses/survey-responses.ts';
import { route } from '../route.ts';

export const surveyRoutes = [
  route({
    id: 'createSurvey',
    method: 'POST',
    path: '/surveys',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin'] },
    summary: 'Publish a survey definition; an existing id gets its next version',
    body: CreateSurveyBody,
    response: SurveyResponse,
    successStatus: 201,
  }),
  route({
    id: 'listSurveys',
    method: 'GET',
    path: '/surveys',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin', 'coordinator', 'analyst'] },
    summary: 'The surveys and their latest versions',
    query: ListSurveysQuery,
    response: SurveyListResponse,
    successStatus: 200,
  }),
  route({
    id: 'getSurvey',
    method: 'GET',
    path: '/surveys/{surveyId}',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['admin', 'coordinator', 'analyst'] },
    summary: 'A survey definition (latest version, or ?version=) with the SMS segments of each question',
    params: SurveyParams,
    query: GetSurveyQuery,
    response: SurveyResponse,
    successStatus: 200,
  }),
  route({
    id: 'inviteToSurvey',
    method: 'POST',
    path: '/cases/{caseId}/survey-invitations',
    fn: 'coordination',
    access: { kind: 'roles', roles: ['coordinator'] },
    summary: 'Invite the victim of a case to a survey by SMS (202 sent, 200 skipped with the reason)',
    params: CaseParams,
    body: CreateInvitationBody,
    audit: { entity: 'survey_invitation', action: 'create' },
    response: InvitationResponse,
    successStatus: 202,
    otherSuccessStatuses: [200],
  }),
];
