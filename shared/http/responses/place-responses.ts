// What the place routes answer: a county's meeting points and restricted addresses, for admins and the
// county's coordinators only.
import * as z from 'zod/mini';
import { Ulid } from '../../domain/common-schemas.ts';
import { COUNTIES } from '../../domain/enums.ts';
import { PLACE_KINDS } from '../../domain/place.ts';
import { Instant } from './common.ts';

export const PlaceResponse = z.object({
  id: Ulid,
  county: z.enum(COUNTIES),
  kind: z.enum(PLACE_KINDS),
  name: z.string(),
  address: z.string(),
  createdAt: Instant,
  version: z.number().check(z.int(), z.positive()),
});
