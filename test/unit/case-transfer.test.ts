import { describe, expect, it } from 'vitest';
import { movedItem } from '../../shared/data/case-transfer.ts';

const from = { county: 'B', coordinator: 'coord-b', prosecutorUnit: 'DIICOT-B' };
const to = { county: 'BC', coordinator: 'coord-bc', prosecutorUnit: 'DIICOT-BACAU' };

describe('movedItem', () => {
  it('moves a hearing booked by another coordinator into the new coordinator’s calendar and the new unit’s', () => {
    const hearing = {
      entity: 'hearing',
      county: 'B',
      prosecutorUnit: 'DIICOT-B',
      coordinator: 'someone-else',
      gsi1pk: 'COORD#someone-else#HEARINGS',
      gsi2pk: 'UNIT#DIICOT-B#HEARINGS',
      version: 3,
    };
    expect(movedItem(hearing, from, to)).toMatchObject({
      county: 'BC',
      prosecutorUnit: 'DIICOT-BACAU',
      coordinator: 'coord-bc',
      gsi1pk: 'COORD#coord-bc#HEARINGS',
      gsi2pk: 'UNIT#DIICOT-BACAU#HEARINGS',
      version: 4,
    });
  });

  it('moves queue keys by whole segments: county B never rewrites a key of county BC', () => {
    const request = {
      entity: 'protection_request',
      gsi1pk: 'COUNTY#B#PROTECTION#pending',
      gsi2pk: 'UNIT#DIICOT-B#PROTECTION#pending',
    };
    expect(movedItem(request, from, to)).toMatchObject({
      gsi1pk: 'COUNTY#BC#PROTECTION#pending',
      gsi2pk: 'UNIT#DIICOT-BACAU#PROTECTION#pending',
    });
    const foreign = { entity: 'x', gsi1pk: 'COUNTY#BC#PLACES', gsi2pk: 'UNIT#DIICOT-BX#MEASURES' };
    expect(movedItem(foreign, from, to)).toBeUndefined();
  });

  it('leaves an item that carries nothing of the old scope unwritten', () => {
    expect(movedItem({ entity: 'message', gsi1pk: 'OUTBOX#PENDING', version: 1 }, from, to)).toBeUndefined();
  });
});
