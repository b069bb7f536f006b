import { createTestAccount, test as sieveTest } from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  .extend("admin", { scope: "file" }, ({ database }) => createTestAccount(database.prisma, { role: "admin" }))
  .extend("user", { scope: "file" }, ({ database }) => createTestAccount(database.prisma));

const PATH = "/api/v1/api/admin/sources";

function post(url: string, key: string, body: unknown) {
  return fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("sources over the key API", () => {
  test("lets an admin add, list with per-source figures, and remove a source", async ({ api, admin }) => {
    const added = await post(`${api.url}${PATH}`, admin.key, {
      url: "https://lists.example.test/geonode.json",
      interval_minutes: 1,
    });
    expect(added.status).toBe(201);
    const { source } = (await added.json()) as { source: { id: string } };
    expect(source).toMatchObject({ interval_minutes: 1, protocol: null, last_fetched_at: null });

    const listed = (await (await api.get(PATH, admin.key)).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.find((item) => item.id === source.id)).toEqual({
      id: source.id,
      url: "https://lists.example.test/geonode.json",
      protocol: null,
      interval_minutes: 1,
      enabled: true,
      last_fetched_at: null,
      last_error: null,
      candidates: 0,
      new_candidates: 0,
      listed: 0,
      live: 0,
      live_fraction: null,
      alive_fraction_24h: null,
    });

    const removed = await fetch(`${api.url}${PATH}/${source.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${admin.key}` },
    });
    expect(removed.status).toBe(200);
    const gone = await fetch(`${api.url}${PATH}/${source.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${admin.key}` },
    });
    expect(gone.status).toBe(404);
  });

  test("refuses files, bad intervals and callers without admin.sources.write", async ({
    api,
    admin,
    user,
  }) => {
    for (const [body, error] of [
      [{ url: "/etc/passwd" }, "url must be an http(s) URL"],
      [
        { url: "https://lists.example.test/a.txt", interval_minutes: 0 },
        "interval_minutes must be at least 1",
      ],
      [{ url: "https://lists.example.test/a.txt", protocol: "ftp" }, "protocol must be one of"],
    ] as const) {
      const refused = await post(`${api.url}${PATH}`, admin.key, body);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toContain(error);
    }
    const forbidden = await api.get(PATH, user.key);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      error: "your role lacks the admin.sources.write permission",
    });
  });
});
