export const INSTITUTE_ROLES = ['participant', 'trainer', 'admin'] as const;
export type InstituteRole = (typeof INSTITUTE_ROLES)[number];

export interface MembershipGrant {
  instituteId: string;
  role: InstituteRole;
}

export interface Actor {
  userId: string;
  isPlatformAdmin: boolean;
  memberships: MembershipGrant[];
}

/**
 * Whether an actor may act in an institute with at least one of the roles given. Roles are not a ladder:
 * an institute admin manages people and cohorts but is not thereby a trainer who grades, so each route
 * lists every role it accepts. Platform admins may act anywhere.
 */
export function mayActAs(actor: Actor | null, instituteId: string, accepted: readonly InstituteRole[]): boolean {
  if (!actor) return false;
  if (actor.isPlatformAdmin) return true;
  return actor.memberships.some((grant) => grant.instituteId === instituteId && accepted.includes(grant.role));
}

export function rolesIn(actor: Actor, instituteId: string): InstituteRole[] {
  return INSTITUTE_ROLES.filter((role) =>
    actor.memberships.some((grant) => grant.instituteId === instituteId && grant.role === role),
  );
}
