// Example requests for the alert, duress-word and case-message routes (route-examples.ts), and a factory for
// an alert written as the SMS webhook would write it.
import { ulid } from 'ulid';
import { alertPut } from '../../shared/data/alert-repository.ts';
import { writeTransaction } from '../../shared/data/transactions.ts';
import type { AlertKind } from '../../shared/domain/alert.ts';
import type { Example } from './route-examples.ts';

/** An open alert on the case, as raised by an inbound SMS at `createdAt`. */
export async function raiseAlert(
  caseId: string,
  kind: AlertKind = 'help',
  createdAt = new Date().toISOString(),
  county = 'DJ',
): Promise<string> {
  const id = ulid();
  await writeTransaction([
    await alertPut({
      id,
      caseId,
      county,
      kind,
      urgent: kind === 'duress',
      status: 'open',
      from: kind === 'delivery_failed' ? undefined : 'victim',
      text: kind === 'delivery_failed' ? undefined : 'Please call me',
      createdAt,
      version: 1,
    }),
  ]);
  return id;
}

export function alertExamples(freshCase: () => Promise<string>): Record<string, () => Promise<Example>> {
  return {
    listAlerts: async () => ({ path: '/alerts?status=open' }),
    listCaseAlerts: async () => ({ path: `/cases/${await freshCase()}/alerts` }),
    acknowledgeAlert: async () => {
      const caseId = await freshCase();
      const alertId = await raiseAlert(caseId);
      return {
        path: `/cases/${caseId}/alerts/${alertId}/acknowledge`,
        ifMatch: 1,
        body: { note: 'Called back, all well.' },
      };
    },
    setDuressWord: async () => ({
      path: `/cases/${await freshCase()}/duress-word`,
      body: { word: 'lavanda' },
    }),
    releaseMessages: async () => ({ path: `/cases/${await freshCase()}/messages/release`, ifMatch: 1 }),
    listCaseMessages: async () => ({ path: `/cases/${await freshCase()}/messages` }),
  };
}
