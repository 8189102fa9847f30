// Notes on a case (issue 14 point 6): encrypted at rest, audited, scrubbed by erasure.
import { describe, expect, it } from 'vitest';
import { noteKeys } from '../../shared/data/keys.ts';
import { call } from '../support/api.ts';
import { admin, coordinatorDJ, coordinatorGJ, prosecutorCraiova } from '../support/factories.ts';
import { openCase } from '../support/messaging-factories.ts';
import { readRawItem } from '../support/protection-voucher-factories.ts';

const text = 'Her brother drives her; call him on Tuesdays only';

describe('POST and GET /cases/{caseId}/notes', () => {
  it('stores a note encrypted, lists it in clear to the coordinator, and audits both calls', async () => {
    const { id } = await openCase();
    const created = await call('POST', `/cases/${id}/notes`, { as: coordinatorDJ, body: { text } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text, createdBy: 'coord-dj', version: 1 });
    const raw = await readRawItem(noteKeys.item(id, created.body.id));
    expect(raw?.['text']).toMatch(/^enc1:/);
    expect(JSON.stringify(raw)).not.toContain('Tuesdays');
    const list = await call('GET', `/cases/${id}/notes`, { as: coordinatorDJ });
    expect(list.body.items.map((n: { text: string }) => n.text)).toEqual([text]);
    const audit = await call('GET', `/audit?caseId=${id}`, { as: admin });
    const noteEntries = audit.body.items.filter((a: { entity: string }) => a.entity === 'note');
    expect(noteEntries.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'list']);
  });

  it('answers 404 to another county and 403 to a prosecutor', async () => {
    const { id } = await openCase();
    expect((await call('GET', `/cases/${id}/notes`, { as: coordinatorGJ })).status).toBe(404);
    expect((await call('POST', `/cases/${id}/notes`, { as: coordinatorGJ, body: { text } })).status).toBe(
      404,
    );
    expect((await call('GET', `/cases/${id}/notes`, { as: prosecutorCraiova })).status).toBe(403);
  });

  it('scrubs the text on erasure and takes no new note afterwards', async () => {
    const { id } = await openCase();
    const created = await call('POST', `/cases/${id}/notes`, { as: coordinatorDJ, body: { text } });
    const erased = await call('DELETE', `/cases/${id}/personal-data`, {
      as: admin,
      body: { reason: 'Request' },
    });
    expect(erased.status).toBe(204);
    const raw = await readRawItem(noteKeys.item(id, created.body.id));
    expect(raw?.['text']).toBeUndefined();
    const list = await call('GET', `/cases/${id}/notes`, { as: coordinatorDJ });
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, text: null })]);
    const again = await call('POST', `/cases/${id}/notes`, { as: coordinatorDJ, body: { text } });
    expect(again.status).toBe(422);
  });

  it('refuses an empty note with 400 naming text', async () => {
    const { id } = await openCase();
    const res = await call('POST', `/cases/${id}/notes`, { as: coordinatorDJ, body: { text: '   ' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('text');
  });
});
