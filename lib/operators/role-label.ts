import type { MemberRole } from "./roles";

/** "an admin", "an operator", "a viewer". */
export function roleWithArticle(role: MemberRole): string {
  return `${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`;
}
