// The admin's console routes (Surveys, Places with the notification targets, Audit, Erasure), joined into the
// handler's list; and the survey editor's small script, served next to the stylesheet.
import { admin, at, type ConsoleRoute, ID } from '../route-kit.ts';
import { auditPage } from './audit-page.tsx';
import { eraseCase, erasurePage } from './erasure-pages.tsx';
import {
  addPlace,
  confirmDeletePlace,
  deletePlace,
  notificationTargetsPage,
  placesPage,
  saveNotificationTargets,
} from './places-pages.tsx';
import { newSurveyPage, newVersionPage, previewFragment, submitSurvey } from './survey-editor.tsx';
import { surveyPage, surveysPage } from './survey-pages.tsx';

export { SURVEY_PREVIEW_JS } from '../survey-preview-script.ts';

/** A survey id as the API spells it (survey-schemas.ts SurveyId). */
const SURVEY = '(?<surveyId>[A-Za-z0-9][A-Za-z0-9_.-]{0,63})';

export const adminRoutes: ConsoleRoute[] = [
  { method: 'GET', pattern: at('/surveys'), roles: admin, page: surveysPage },
  { method: 'GET', pattern: at('/surveys/new'), roles: admin, page: newSurveyPage },
  { method: 'POST', pattern: at('/surveys'), roles: admin, page: submitSurvey },
  { method: 'POST', pattern: at('/surveys/preview'), roles: admin, page: previewFragment },
  { method: 'GET', pattern: at(`/surveys/${SURVEY}/edit`), roles: admin, page: newVersionPage },
  { method: 'GET', pattern: at(`/surveys/${SURVEY}`), roles: admin, page: surveyPage },
  { method: 'GET', pattern: at('/places'), roles: admin, page: placesPage },
  { method: 'POST', pattern: at('/places'), roles: admin, page: addPlace },
  { method: 'GET', pattern: at(`/places/(?<placeId>${ID})/delete`), roles: admin, page: confirmDeletePlace },
  { method: 'POST', pattern: at(`/places/(?<placeId>${ID})/delete`), roles: admin, page: deletePlace },
  { method: 'GET', pattern: at('/notification-targets'), roles: admin, page: notificationTargetsPage },
  { method: 'POST', pattern: at('/notification-targets'), roles: admin, page: saveNotificationTargets },
  { method: 'GET', pattern: at('/audit'), roles: admin, page: auditPage },
  { method: 'GET', pattern: at('/erasure'), roles: admin, page: erasurePage },
  { method: 'POST', pattern: at(`/erasure/(?<caseId>${ID})`), roles: admin, page: eraseCase },
];
