import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "@sieve/core";
import { TEST_CREDENTIALS_KEY } from "@sieve/test-support";
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
  listed: number;
  live: number;
  alive_fraction_24h: number | null;
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
      listed: 0,
      live: 0,
      alive_fraction_24h: null,
      last_fetched_at: null,
    });
    const table = await runSieve(["source", "list"]);
    expect(table.stdout.split("\n")[0]).toMatch(/CANDIDATES\s+NEW\s+LISTED\s+LIVE\s+ALIVE 24H\s+ERROR/);

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

  it("imports a file into the premium pool only with --premium, with credentials sealed and guarded addresses refused", async () => {
    const port = 10_000 + (randomBytes(2).readUInt16BE() % 50_000);
    const file = join(tmpdir(), `sieve-pool-${randomBytes(4).toString("hex")}.txt`);
    await writeFile(file, `127.0.0.1:${port}\nuser:pass@127.0.0.1:${port + 1}\n192.0.2.77:8080\n`);
    const env = { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CREDENTIALS_KEY: TEST_CREDENTIALS_KEY };

    const refused = await runSieve(["pool", "import", file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("add --premium");
    const withoutKey = await runSieve(["pool", "import", file, "--premium"], {
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    });
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toContain("CREDENTIALS_KEY");

    const run = await runSieve(["pool", "import", file, "--premium", "--json"], env);
    expect(run.code).toBe(0);
    const imported = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(imported).toMatchObject({ pool: "premium", candidates: 3, added: 2, with_credentials: 1 });
    expect(imported.refused).toEqual([
      { proxy: "192.0.2.77:8080", reason: expect.stringContaining("guarded address") },
    ]);
    const human = await runSieve(["pool", "import", file, "--premium"], env);
    expect(human.stdout).toContain("refused 192.0.2.77:8080: 192.0.2.77 is a guarded address");
    const { rows } = await database.pool.query(
      "SELECT port, pool, alive, credentials IS NOT NULL AS sealed FROM proxies WHERE host = '127.0.0.1' AND port IN ($1, $2) ORDER BY port",
      [port, port + 1],
    );
    expect(rows).toEqual([
      { port, pool: "premium", alive: false, sealed: false },
      { port: port + 1, pool: "premium", alive: false, sealed: true },
    ]);

    const listed = await runSieve(["pool", "list", "--state", "pending", "--limit", "200", "--json"], env);
    const page = JSON.parse(listed.stdout) as {
      items: { port: number; username: string | null; state: string }[];
    };
    expect(page.items.find((item) => item.port === port + 1)).toMatchObject({
      username: "user",
      state: "pending",
    });
    expect(listed.stdout).not.toContain("pass");

    const removal = ["pool", "remove", "--host", "127.0.0.1", "--port", String(port)];
    const incomplete = await runSieve(removal, env);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toContain("--protocol");
    expect(await runSieveJson([...removal, "--protocol", "http"])).toMatchObject({ removed: 1 });
    const again = await runSieve([...removal, "--protocol", "http"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("no premium entry");

    const added = await runSieve(["pool", "add", `socks5://a:b@127.0.0.1:${port + 2}`, "--json"], env);
    expect(JSON.parse(added.stdout)).toMatchObject({ added: 1, with_credentials: 1 });
    await database.pool.query("DELETE FROM proxies WHERE host = '127.0.0.1' AND port IN ($1, $2)", [
      port + 1,
      port + 2,
    ]);
  });
});
