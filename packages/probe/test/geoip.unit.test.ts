import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultGeoIpPath, openGeoIp } from "@sieve/probe";
import { describe, expect, it } from "vitest";

describe("offline GeoIP", () => {
  it("finds the country of public IPv4 and IPv6 addresses in the bundled database", async () => {
    const geoip = await openGeoIp();

    expect(geoip.country("8.8.8.8")).toBe("US");
    expect(geoip.country("2001:4860:4860::8888")).toBe("US");
  });

  it("has no country for loopback or private addresses", async () => {
    const geoip = await openGeoIp();

    expect(geoip.country("127.0.0.5")).toBeNull();
    expect(geoip.country("10.1.2.3")).toBeNull();
    expect(geoip.country("not an ip")).toBeNull();
  });

  it("reads a database from a path the operator gives", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-geoip-"));
    const path = join(dir, "own.mmdb");
    await copyFile(defaultGeoIpPath(), path);

    const geoip = await openGeoIp(path);

    expect(geoip.country("8.8.8.8")).toBe("US");
    await rm(dir, { recursive: true });
  });
});
