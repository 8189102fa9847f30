// Who receives a message about a case (issue 12, point 1), through the real handlers and DynamoDB Local: the
// required safeToContact flag, the safe contact, hearings with nobody to text, the sender applying the rule
// again at send time, and the family_ties_to_offender transaction.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { GetCommand } from '../../shared/data/document-client.ts';
import { caseKeys } from '../../shared/data/keys.ts';
import { deferMessage, fromStoredMessage } from '../../shared/data/outbox-repository.ts';
import { sendDueMessages } from '../../shared/services/message-sender.ts';
import { MemoryOutboxGateway } from '../../shared/sms/memory-outbox-gateway.ts';
import { call } from '../support/api.ts';
import { aCase, aPhone, coordinatorDJ, prosecutorCraiova } from '../support/factories.ts';
import {
  aCoordinator,
  openCase,
  scheduleHearing,
  storedMessages,
  useOwnTables,
} from '../support/messaging-factories.ts';
import { aProtectionRequest } from '../support/protection-voucher-factories.ts';

beforeAll(async () => {
  await useOwnTables('recipients');
});

const minorBirthYear = () => new Date().getUTCFullYear() - 12;
const aShelterWorker = () => ({ name: 'Elena Ionescu', phone: aPhone(), relation: 'shelter worker' });

async function openMinorCase(victim: Record<string, unknown>) {
  return openCase({ victim: { birthYear: minorBirthYear(), ...victim } });
}

async function readCaseItem(caseId: string) {
  const out = await getDocumentClient().send(
    new GetCommand({
      TableName: tableNames().coordination,
      Key: caseKeys.item(caseId),
      ConsistentRead: true,
    }),
  );
  return out.Item as Record<string, unknown>;
}

describe('a case’s legal representative and safe contact', () => {
  it('refuses a representative without safeToContact with 422 naming the field', async () => {
    const body = aCase({ victim: { birthYear: minorBirthYear(), legalRepresentative: { phone: aPhone() } } });
    const res = await call('POST', '/cases', { as: coordinatorDJ, body });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'victim.legalRepresentative.safeToContact',
    ]);
  });

  it('refuses a patch that adds a representative without the flag, and keeps the case as it was', async () => {
    const { id } = await openMinorCase({});
    const res = await call('PATCH', `/cases/${id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { victim: { legalRepresentative: { phone: aPhone() } } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('victim.legalRepresentative.safeToContact');
    expect((await call('GET', `/cases/${id}`, { as: coordinatorDJ })).body.version).toBe(1);
  });

  it('keeps the safe contact encrypted, shows it to the coordinator and masks its phone for the prosecutor', async () => {
    const shelter = aShelterWorker();
    const { id } = await openMinorCase({ safeContact: shelter });
    const stored = JSON.stringify(await readCaseItem(id));
    expect(stored).not.toContain(shelter.phone.slice(3));
    expect(stored).not.toContain('Elena');
    expect(stored).not.toContain('shelter worker');
    const mine = await call('GET', `/cases/${id}`, { as: coordinatorDJ });
    expect(mine.body.victim.safeContact).toEqual(shelter);
    const theirs = await call('GET', `/cases/${id}`, { as: prosecutorCraiova });
    expect(theirs.body.victim.safeContact.phone).toMatch(/^\+40 7\*\* \*\*\* \d{3}$/);
  });
});

describe('a hearing of a minor', () => {
  it('texts nobody when neither a safe representative nor a safe contact is recorded, and says why', async () => {
    const { id } = await openMinorCase({ legalRepresentative: { phone: aPhone(), safeToContact: false } });
    const hearing = await scheduleHearing(id, aCoordinator());
    expect(hearing.reminderRecipient).toBeNull();
    expect(hearing.reminderRecipientReason).toBe('no_safe_recipient');
    expect(hearing.reminders).toEqual([]);
    expect(await storedMessages(id)).toEqual([]);
    const read = await call('GET', `/cases/${id}/hearings/${hearing.id}`, { as: coordinatorDJ });
    expect(read.body).toMatchObject({
      reminderRecipient: null,
      reminderRecipientReason: 'no_safe_recipient',
    });
  });

  it('reminds the safe contact when the representative is not safe to contact', async () => {
    const shelter = aShelterWorker();
    const representative = aPhone();
    const c = await openMinorCase({
      legalRepresentative: { phone: representative, safeToContact: false },
      safeContact: shelter,
    });
    const hearing = await scheduleHearing(c.id, aCoordinator());
    expect(hearing.reminderRecipient).toBe('safe_contact');
    expect(hearing.reminderRecipientReason).toBeUndefined();
    const due = new Date(hearing.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });
    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 1 });
    expect(gateway.list(shelter.phone)).toHaveLength(1);
    expect(gateway.list(representative)).toHaveLength(0);
    expect(gateway.list(c.body.victim.phone as string)).toHaveLength(0);
  });

  it('is not sent to a representative found unsafe after the reminders were written (the sender asks again)', async () => {
    const representative = aPhone();
    const c = await openMinorCase({ legalRepresentative: { phone: representative, safeToContact: true } });
    const hearing = await scheduleHearing(c.id, aCoordinator());
    expect(hearing.reminderRecipient).toBe('legal_representative');
    const patched = await call('PATCH', `/cases/${c.id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { victim: { legalRepresentative: { safeToContact: false } } },
    });
    expect(patched.status).toBe(200);
    const due = new Date(hearing.reminders[0].sendAt);
    const gateway = new MemoryOutboxGateway({ now: () => due });
    expect(await sendDueMessages(due, gateway)).toMatchObject({ sent: 0, skipped: 1 });
    expect(gateway.list(representative)).toHaveLength(0);
    const [first] = (await storedMessages(c.id)).filter((m) => m['id'] === hearing.reminders[0].id);
    expect(first).toMatchObject({ status: 'cancelled', lastError: 'no_recipient' });
  });
});

describe('a protection request naming family_ties_to_offender', () => {
  const familyTies = () =>
    aProtectionRequest({
      riskAssessment: {
        factors: ['family_ties_to_offender', 'threats_from_offender'],
        level: 'high',
        summary: 'The uncle who recruited her is her legal guardian',
      },
    });

  let removeRacer: (() => void) | undefined;
  afterEach(() => {
    removeRacer?.();
    removeRacer = undefined;
  });

  it('marks the representative unsafe and cancels every pending message addressed to them, at once', async () => {
    const representative = aPhone();
    const c = await openMinorCase({ legalRepresentative: { phone: representative, safeToContact: true } });
    await scheduleHearing(c.id, aCoordinator());
    const before = await storedMessages(c.id);
    expect(before.map((m) => [m['status'], m['recipient']])).toEqual([
      ['pending', 'legal_representative'],
      ['pending', 'legal_representative'],
    ]);

    const filed = await call('POST', `/cases/${c.id}/protection-requests`, {
      as: coordinatorDJ,
      body: familyTies(),
    });
    expect(filed.status).toBe(201);

    const after = await call('GET', `/cases/${c.id}`, { as: coordinatorDJ });
    expect(after.body.victim.legalRepresentative).toMatchObject({
      safeToContact: false,
      tiedToOffender: true,
    });
    expect(after.body.version).toBe(2);
    const messages = await storedMessages(c.id);
    expect(messages.map((m) => [m['status'], m['lastError']])).toEqual([
      ['cancelled', 'recipient_unsafe'],
      ['cancelled', 'recipient_unsafe'],
    ]);
    expect(messages.every((m) => m['gsi1pk'] === undefined)).toBe(true);

    const backToSafe = await call('PATCH', `/cases/${c.id}`, {
      as: coordinatorDJ,
      ifMatch: 2,
      body: { victim: { legalRepresentative: { safeToContact: true } } },
    });
    expect(backToSafe.status).toBe(422);
    expect(backToSafe.body.errors[0].path).toBe('victim.legalRepresentative.safeToContact');
  });

  it('changes nothing at all when the transaction cannot be written: no request, no flag, no cancellation', async () => {
    const c = await openMinorCase({ legalRepresentative: { phone: aPhone(), safeToContact: true } });
    await scheduleHearing(c.id, aCoordinator());
    // A sender that moves one reminder (a quiet-hours deferral) just before every attempt of the transaction:
    // the cancellation of that reminder is refused each time, so the whole transaction is.
    const stack = getDocumentClient().middlewareStack;
    let raced = 0;
    stack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          const [first] = (await storedMessages(c.id)).map(fromStoredMessage);
          if (
            first?.status === 'pending' &&
            (await deferMessage(first, new Date(first.sendAt), new Date()))
          ) {
            raced += 1;
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'racing-sender', override: true },
    );
    removeRacer = () => stack.remove('racing-sender');

    const res = await call('POST', `/cases/${c.id}/protection-requests`, {
      as: coordinatorDJ,
      body: familyTies(),
    });
    removeRacer();
    expect(raced).toBe(3);
    expect(res.status).toBe(409);

    const after = await call('GET', `/cases/${c.id}`, { as: coordinatorDJ });
    expect(after.body.version).toBe(1);
    expect(after.body.victim.legalRepresentative.safeToContact).toBe(true);
    expect((await storedMessages(c.id)).map((m) => m['status'])).toEqual(['pending', 'pending']);
    const requests = await call('GET', `/cases/${c.id}/protection-requests`, { as: coordinatorDJ });
    expect(requests.body.items).toEqual([]);
  });

  it('leaves an adult’s messages alone: they are addressed to the victim', async () => {
    const c = await openCase({ victim: { legalRepresentative: { phone: aPhone(), safeToContact: true } } });
    await scheduleHearing(c.id, aCoordinator());
    const filed = await call('POST', `/cases/${c.id}/protection-requests`, {
      as: coordinatorDJ,
      body: familyTies(),
    });
    expect(filed.status).toBe(201);
    expect((await storedMessages(c.id)).map((m) => m['status'])).toEqual(['pending', 'pending']);
    const after = await call('GET', `/cases/${c.id}`, { as: coordinatorDJ });
    expect(after.body.victim.legalRepresentative.safeToContact).toBe(false);
  });
});
