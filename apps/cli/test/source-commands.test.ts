import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "@sieve/core";
import { afterAll, describe, expect, it } from "vitest";
import { runSieve, runSieveJson } from "./run-sieve.ts";

interface SourceJson {
  id: string;
  location: string;
  protocol: string | null;
  interval_minutes: number;
  enabled: boolean;
  candidates: number;
  new_candidates: number;
  live: number;
  last_fetched_at: string | null;
}

const database = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 2 });
afterAll(() => database.close());

const uniqueUrl = () => `https://lists.example.test/${randomBytes(6).toString("hex")}.txt`;

describe("sieve source and pool", { timeout: 60_000 }, () => {
  it("adds a URL source with a protocol and interval, lists it with its counts, disables and removes it", async () => {
    const url = uniqueUrl();
    const added = await runSieveJson<SourceJson>([
      "source",
      "add",
      url,
      "--protocol",
      "socks5",
      "--interval",
      "15",
    ]);
    expect(added).toMatchObject({ location: url, protocol: "socks5", interval_minutes: 15, enabled: true });

    const listed = await runSieveJson<SourceJson[]>(["source", "list"]);
    expect(listed.find((row) => row.id === added.id)).toMatchObject({
      candidates: 0,
      new_candidates: 0,
      live: 0,
      last_fetched_at: null,
    });

    expect(await runSieveJson<SourceJson>(["source", "disable", added.id])).toMatchObject({ enabled: false });
    expect(await runSieveJson<SourceJson>(["source", "remove", added.id])).toMatchObject({ id: added.id });
    const after = await runSieveJson<SourceJson[]>(["source", "list"]);
    expect(after.some((row) => row.id === added.id)).toBe(false);
  });

  it("stores a file source by absolute path and refuses a missing file or a duplicate", async () => {
    const file = join(tmpdir(), `sieve-cli-${randomBytes(4).toString("hex")}.txt`);
    await writeFile(file, "1.2.3.4:80\n");
    const added = await runSieveJson<SourceJson>(["source", "add", file]);
    expect(added).toMatchObject({ location: file, protocol: null, interval_minutes: 60 });

    const duplicate = await runSieve(["source", "add", file]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("is already a source");
    const missing = await runSieve(["source", "add", "/no/such/list.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("neither an http(s) URL nor an existing file");
    await runSieveJson(["source", "remove", added.id]);
  });

  it("imports a file into the premium pool only with --premium", async () => {
    const host = `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;
    const port = 10_000 + (randomBytes(2).readUInt16BE() % 50_000);
    const file = join(tmpdir(), `sieve-pool-${randomBytes(4).toString("hex")}.txt`);
    await writeFile(file, `${host}:${port}\nuser:pass@${host}:${port + 1}\n`);

    const refused = await runSieve(["pool", "import", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("add --premium");

    const imported = await runSieveJson<{ pool: string; candidates: number; with_credentials: number }>([
      "pool",
      "import",
      file,
      "--premium",
    ]);
    expect(imported).toMatchObject({ pool: "premium", candidates: 1, with_credentials: 1 });
    const { rows } = await database.pool.query(
      "SELECT pool, alive FROM proxies WHERE host = $1 AND port = $2",
      [host, port],
    );
    expect(rows).toEqual([{ pool: "premium", alive: false }]);
    await database.pool.query("DELETE FROM proxies WHERE host = $1 AND port = $2", [host, port]);
  });
});
