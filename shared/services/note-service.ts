// Use cases of a case's notes: a coordinator writes and reads them; every call is audited by its route.
import { ulid } from 'ulid';
import type { Principal } from '../auth/principal.ts';
import { insertNote, listNotes } from '../data/note-repository.ts';
import type { Page } from '../data/pagination.ts';
import type { NoteBody, NoteRecord } from '../domain/case.ts';
import * as clock from '../domain/clock.ts';
import { BusinessRuleError } from '../domain/errors.ts';
import { readCase } from './case-service.ts';

export async function addNote(
  principal: Principal,
  caseId: string,
  body: NoteBody,
  now = clock.now(),
): Promise<NoteRecord> {
  const file = await readCase(principal, caseId);
  if (file.erasedAt)
    throw new BusinessRuleError('The personal data of this case was erased; it takes no new notes.');
  const record: NoteRecord = {
    id: ulid(now.getTime()),
    caseId,
    county: file.county,
    text: body.text,
    createdAt: now.toISOString(),
    createdBy: principal.sub,
    version: 1,
  };
  await insertNote(record);
  return record;
}

export async function listNotesOfCase(
  principal: Principal,
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<NoteRecord>> {
  await readCase(principal, caseId);
  return listNotes(caseId, limit, cursor);
}
