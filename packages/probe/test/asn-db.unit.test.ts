import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAsnDb } from "@sieve/probe";
import { describe, expect, it } from "vitest";

// Reading the bundled database is offline: these addresses are looked up, never dialled.
describe("offline ASN database", () => {
  it("finds the network and organisation of public IPv4 and IPv6 addresses in the bundled tables", async () => {
    // Public addresses on purpose (issue 14 asks for known ones): a lookup in the bundled tables,
    // nothing is ever dialled.
    const asnDb = await openAsnDb();

    expect(asnDb.lookup("8.8.8.8")).toEqual({ asn: 15169, org: "Google LLC" });
    // A quoted organisation keeps its comma.
    expect(asnDb.lookup("1.1.1.1")).toEqual({ asn: 13335, org: "Cloudflare, Inc." });
    expect(asnDb.lookup("2001:4860:4860::8888")).toEqual({ asn: 15169, org: "Google LLC" });
    expect(asnDb.lookup("::ffff:8.8.8.8")).toEqual({ asn: 15169, org: "Google LLC" });
  });

  it("has no network for loopback, private, documentation or malformed addresses", async () => {
    const asnDb = await openAsnDb();

    expect(asnDb.lookup("127.0.0.5")).toBeNull();
    expect(asnDb.lookup("10.1.2.3")).toBeNull();
    expect(asnDb.lookup("192.0.2.7")).toBeNull();
    expect(asnDb.lookup("::1")).toBeNull();
    expect(asnDb.lookup("not an ip")).toBeNull();
  });

  it("reads tables of the same layout from another folder, range bounds inclusive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-asn-"));
    try {
      // 198.51.100.0–198.51.100.127 and 2001:db8::/112, in the numeric layout.
      await writeFile(
        join(dir, "asn-ipv4-num.csv"),
        '3325256704,3325256831,64500,"Example ""Test"" Net, Ltd"\n',
      );
      await writeFile(
        join(dir, "asn-ipv6-num.csv"),
        "42540766411282592856903984951653826560,42540766411282592856903984951653892095,64501,Doc Net\n",
      );
      const asnDb = await openAsnDb(dir);

      expect(asnDb.lookup("198.51.100.0")).toEqual({ asn: 64500, org: 'Example "Test" Net, Ltd' });
      expect(asnDb.lookup("198.51.100.127")).toEqual({ asn: 64500, org: 'Example "Test" Net, Ltd' });
      expect(asnDb.lookup("198.51.100.128")).toBeNull();
      expect(asnDb.lookup("2001:db8::ffff")).toEqual({ asn: 64501, org: "Doc Net" });
      expect(asnDb.lookup("2001:db8::1:0")).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
