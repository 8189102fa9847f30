// Alerts for the people who call back (issue 12, point 6): the open alerts of a coordinator's county (all
// counties for an admin), the alerts of one case, and acknowledging one with a note.
import type { Principal } from '../auth/principal.ts';
import {
  acknowledgeAlertItem,
  findAlert,
  listAlertsOfCase,
  listOpenAlerts,
} from '../data/alert-repository.ts';
import type { Page } from '../data/pagination.ts';
import type { AlertRecord } from '../domain/alert.ts';
import * as clock from '../domain/clock.ts';
import { ConflictError, PreconditionFailedError } from '../domain/errors.ts';
import { METRICS } from '../observability/metric-names.ts';
import { countMetric } from '../observability/metrics.ts';
import { readCase, visibleCaseItem } from './case-service.ts';

export function listAlerts(
  principal: Principal,
  query: { limit: number; cursor?: string },
): Promise<Page<AlertRecord>> {
  const scope = principal.role === 'admin' ? 'all' : { county: principal.county as string };
  return listOpenAlerts(scope, query.limit, query.cursor);
}

export async function listCaseAlerts(
  principal: Principal,
  caseId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<AlertRecord>> {
  await readCase(principal, caseId);
  return listAlertsOfCase(caseId, query.limit, query.cursor);
}

export async function acknowledgeAlert(
  principal: Principal,
  caseId: string,
  alertId: string,
  expectedVersion: number,
  note: string | undefined,
  now = clock.now(),
): Promise<AlertRecord> {
  const alert = await visibleCaseItem(principal, caseId, await findAlert(caseId, alertId), 'alert');
  if (alert.version !== expectedVersion) throw new PreconditionFailedError();
  if (alert.status !== 'open') throw new ConflictError('The alert was acknowledged already.');
  const acknowledged = await acknowledgeAlertItem(alert, expectedVersion, principal.sub, note, now);
  countMetric(METRICS.alertsAcknowledged, { kind: alert.kind });
  return acknowledged;
}
