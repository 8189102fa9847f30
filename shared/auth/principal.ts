// Who is calling: the verified token turned into a role and the one scope that role is bound to.
import { COUNTIES, type County, ROLES, type Role } from '../domain/enums.ts';
import { ForbiddenError } from '../domain/errors.ts';

export interface Principal {
  sub: string;
  role: Role;
  /** A coordinator's county (custom:county). */
  county?: County;
  /** A prosecutor's office unit (custom:unit). */
  unit?: string;
}

const UNIT = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** Claims -> principal. A token whose groups or scope are unusable is refused, never guessed at. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const sub = claims['sub'];
  const groups = claims['cognito:groups'];
  // Cognito always sends a list: a bare string is a token from somewhere else, not a list of one.
  const list = Array.isArray(groups) ? groups : [];
  const roles = ROLES.filter((role) => list.includes(role));
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128)
    throw new ForbiddenError('The token has no subject.');
  if (roles.length !== 1) throw new ForbiddenError('The token must carry exactly one role group.');
  const role = roles[0] as Role;
  const principal: Principal = { sub, role };
  if (role === 'coordinator') {
    const county = claims['custom:county'];
    if (!COUNTIES.includes(county as County))
      throw new ForbiddenError('A coordinator token needs custom:county.');
    principal.county = county as County;
  }
  if (role === 'prosecutor') {
    const unit = claims['custom:unit'];
    if (typeof unit !== 'string' || !UNIT.test(unit))
      throw new ForbiddenError('A prosecutor token needs custom:unit.');
    principal.unit = unit;
  }
  return principal;
}
