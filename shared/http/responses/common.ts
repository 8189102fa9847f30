// Pieces every context's response schemas share (the OpenAPI document states them; the tests validate against it).
import * as z from 'zod/mini';

/** Responses carry instants in UTC (`...Z`) whatever offset the request used (API.md "Conventions"). */
export const Instant = z.iso.datetime();
export const LocalDate = z.iso.date();
export const Version = z.number().check(z.int(), z.gte(1));
