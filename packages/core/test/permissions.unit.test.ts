import { describe, expect, it } from "vitest";
import { isPremium, type Permission, permissions, permissionsOf, roleHasPermission } from "../src/index.ts";

const granted: Record<string, readonly Permission[]> = {
  user: [
    "api.proxies.read",
    "api.check.write",
    "api.jobs.read",
    "api.premium.proxies.read",
    "api.account.read",
  ],
  readonly: ["api.proxies.read", "api.jobs.read", "api.account.read"],
  admin: permissions,
};

describe("permissions", () => {
  const table = Object.entries(granted).flatMap(([role, allowed]) =>
    permissions.map((permission) => ({ role, permission, allowed: allowed.includes(permission) })),
  );

  it.each(table)("role $role has $permission: $allowed", ({ role, permission, allowed }) => {
    expect(roleHasPermission(role, permission)).toBe(allowed);
  });

  it.each(["", "root", "Admin", "__proto__", "constructor", "toString"])(
    "denies every permission to the unknown role %j",
    (role) => {
      for (const permission of permissions) expect(roleHasPermission(role, permission)).toBe(false);
      expect(permissionsOf(role)).toEqual([]);
    },
  );

  it("lists exactly the granted permissions of each role", () => {
    for (const [role, allowed] of Object.entries(granted)) {
      expect(permissionsOf(role).sort()).toEqual([...allowed].sort());
    }
  });
});

describe("premium", () => {
  const now = new Date("2026-06-10T08:00:00Z");

  it.each([
    { premiumUntil: null, expected: false },
    { premiumUntil: new Date("2026-06-10T08:00:01Z"), expected: true },
    { premiumUntil: new Date("2026-06-10T08:00:00Z"), expected: false },
    { premiumUntil: new Date("2026-06-09T08:00:00Z"), expected: false },
  ])("is active until $premiumUntil: $expected", ({ premiumUntil, expected }) => {
    expect(isPremium(premiumUntil, now)).toBe(expected);
  });
});
