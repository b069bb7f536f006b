/** The permission model: pure data and functions, deny by default. */

export const permissions = [
  "api.proxies.read",
  "api.check.write",
  "api.jobs.read",
  "api.premium.proxies.read",
  "api.account.read",
  "admin.queues.read",
  "admin.premium.write",
  "admin.sources.write",
] as const;
export type Permission = (typeof permissions)[number];

export const roles = ["user", "readonly", "admin"] as const;
export type Role = (typeof roles)[number];

// A Map, not an object literal: a role named like an Object.prototype member must get nothing.
const rolePermissions: ReadonlyMap<string, ReadonlySet<Permission>> = new Map<Role, ReadonlySet<Permission>>([
  [
    "user",
    new Set([
      "api.proxies.read",
      "api.check.write",
      "api.jobs.read",
      "api.premium.proxies.read",
      "api.account.read",
    ]),
  ],
  ["readonly", new Set(["api.proxies.read", "api.jobs.read", "api.account.read"])],
  ["admin", new Set(permissions)],
]);

export function roleHasPermission(role: string, permission: Permission): boolean {
  return rolePermissions.get(role)?.has(permission) ?? false;
}

export function permissionsOf(role: string): Permission[] {
  return [...(rolePermissions.get(role) ?? [])];
}

/** Rate-limit categories of the API reference. */
export const rateCategories = ["api_read", "api_check", "api_export"] as const;
export type RateCategory = (typeof rateCategories)[number];

export type Tier = "free" | "premium";

export function isPremium(premiumUntil: Date | null, now: Date = new Date()): boolean {
  return premiumUntil !== null && premiumUntil.getTime() > now.getTime();
}
