// Phone pointers (issue 12, point 5): the items keyed by hmac(phone) that let the SMS webhook find a case
// without reading one, kept in the case's own transaction through creation, phone changes and erasure.
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentClient, tableNames } from '../../shared/data/client.ts';
import { QueryCommand } from '../../shared/data/document-client.ts';
import { phoneHash } from '../../shared/data/phone-hash.ts';
import { findPhonePointers } from '../../shared/data/phone-pointer-repository.ts';
import { call } from '../support/api.ts';
import { admin, aPhone, coordinatorDJ } from '../support/factories.ts';
import { openCase, useOwnTables } from '../support/messaging-factories.ts';

beforeAll(async () => {
  await useOwnTables('pointers');
});

const pointersOf = async (phone: string) => findPhonePointers(await phoneHash(phone));

describe('phone pointers', () => {
  it('points the victim’s and the safe contact’s phones at a new case, with their roles and county', async () => {
    const victimPhone = aPhone();
    const shelterPhone = aPhone();
    const { id } = await openCase({
      victim: {
        phone: victimPhone,
        safeContact: { name: 'Elena', phone: shelterPhone, relation: 'shelter' },
      },
    });
    expect(await pointersOf(victimPhone)).toEqual([
      expect.objectContaining({ caseId: id, county: 'DJ', role: 'victim' }),
    ]);
    expect(await pointersOf(shelterPhone)).toEqual([
      expect.objectContaining({ caseId: id, county: 'DJ', role: 'safe_contact' }),
    ]);
  });

  it('moves the pointer when the victim’s phone changes, and drops the safe contact’s when it is removed', async () => {
    const oldPhone = aPhone();
    const newPhone = aPhone();
    const shelterPhone = aPhone();
    const { id } = await openCase({
      victim: { phone: oldPhone, safeContact: { name: 'Elena', phone: shelterPhone, relation: 'shelter' } },
    });
    const res = await call('PATCH', `/cases/${id}`, {
      as: coordinatorDJ,
      ifMatch: 1,
      body: { victim: { phone: newPhone, safeContact: null } },
    });
    expect(res.status).toBe(200);
    expect(await pointersOf(oldPhone)).toEqual([]);
    expect(await pointersOf(shelterPhone)).toEqual([]);
    expect((await pointersOf(newPhone)).map((p) => p.caseId)).toEqual([id]);
  });

  it('keeps one pointer per case for a phone shared by two cases, and removes only the erased case’s', async () => {
    const shelterPhone = aPhone();
    const safeContact = { name: 'Elena', phone: shelterPhone, relation: 'shelter' };
    const first = await openCase({ victim: { safeContact } });
    const second = await openCase({ victim: { safeContact } });
    expect((await pointersOf(shelterPhone)).map((p) => p.caseId).sort()).toEqual(
      [first.id, second.id].sort(),
    );

    const erased = await call('DELETE', `/cases/${first.id}/personal-data`, {
      as: admin,
      body: { reason: 'The person asked for erasure.' },
    });
    expect(erased.status).toBe(204);
    expect((await pointersOf(shelterPhone)).map((p) => p.caseId)).toEqual([second.id]);
  });

  it('keys nothing by a phone in clear and stores no phone on the pointer', async () => {
    const phone = aPhone();
    await openCase({ victim: { phone } });
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: tableNames().coordination,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PHONE#${await phoneHash(phone)}` },
      }),
    );
    expect(out.Items).toHaveLength(1);
    expect(JSON.stringify(out.Items)).not.toContain(phone.slice(1));
  });
});
