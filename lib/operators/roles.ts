// Organisation roles, weakest first. admin: everything (settings, keys, webhooks, members, funding);
// operator: create and cancel links; viewer: read only. Checked on the server for every action.
export const MEMBER_ROLES = ["viewer", "operator", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Whether `role` may do what `minimum` may. */
export function hasRole(role: MemberRole, minimum: MemberRole): boolean {
  return MEMBER_ROLES.indexOf(role) >= MEMBER_ROLES.indexOf(minimum);
}

/** The signed-in member a dashboard page or server action acts for. */
export type OperatorContext = {
  userId: string;
  email: string;
  name: string;
  organizationId: string;
  organizationName: string;
  role: MemberRole;
};
