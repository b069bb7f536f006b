import { openAsnDb, type Prober } from "@sieve/probe";
import {
  loopbackAsn,
  loopbackAsnTablesDir,
  type RunningProxy,
  startDante,
  startMicrosocks,
  startSocks4aProxy,
  startSquid,
  startTinyproxy,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";

const credentials = { username: "sieve", password: "right-password" };

let fixture: ProbeFixture;
let prober: Prober;
let proxies: Record<string, RunningProxy>;

beforeAll(async () => {
  fixture = await startProbeFixture();
  prober = fixture.prober();
  const [
    squidTransparent,
    squidAnonymous,
    squidElite,
    tinyTransparent,
    tinyAnonymous,
    tinyElite,
    dante,
    socks,
    socksAuth,
  ] = await Promise.all([
    startSquid({ anonymity: "transparent" }),
    startSquid({ anonymity: "anonymous" }),
    startSquid({ anonymity: "elite" }),
    startTinyproxy({ anonymity: "transparent" }),
    startTinyproxy({ anonymity: "anonymous" }),
    startTinyproxy({ anonymity: "elite" }),
    startDante(),
    startMicrosocks(),
    startMicrosocks({ credentials }),
  ]);
  proxies = {
    squidTransparent: squidTransparent!,
    squidAnonymous: squidAnonymous!,
    squidElite: squidElite!,
    tinyTransparent: tinyTransparent!,
    tinyAnonymous: tinyAnonymous!,
    tinyElite: tinyElite!,
    dante: dante!,
    socks: socks!,
    socksAuth: socksAuth!,
  };
});

afterAll(async () => {
  await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.stop()));
  await fixture?.stop();
});

const at = (proxy: RunningProxy) => ({ host: proxy.host, port: proxy.port });

describe("probing real proxy servers", () => {
  it("learns the checker's own address from the judge", () => {
    expect(fixture.ownAddresses).toEqual(["127.0.0.1"]);
  });

  it.each([
    ["squidTransparent", "transparent", ["x-forwarded-for"]],
    ["squidAnonymous", "anonymous", ["via"]],
    ["squidElite", "elite", []],
    ["tinyTransparent", "transparent", ["x-tinyproxy"]],
    ["tinyAnonymous", "anonymous", ["via"]],
    ["tinyElite", "elite", []],
  ])("finds http and https on %s and calls it %s", async (name, anonymity, evidence) => {
    const proxy = proxies[name]!;

    const result = await prober.probe(at(proxy), { anonymity: true });

    expect(result).toMatchObject({
      status: "live",
      reason: null,
      protocols: ["http", "https"],
      protocol: "http",
      exit_ip: proxy.exitAddress,
      country: null,
      anonymity,
      anonymity_evidence: evidence,
    });
    expect(result.connect_ms).toBeGreaterThanOrEqual(0);
    expect(result.ttfb_ms).toBeGreaterThanOrEqual(0);
    expect(result.total_ms).toBeGreaterThanOrEqual(result.ttfb_ms!);
  });

  it.each(["squidTransparent", "tinyTransparent"])(
    "carries TLS to the judge through %s's CONNECT tunnel, where it cannot add headers",
    async (name) => {
      const proxy = proxies[name]!;

      const result = await prober.probe({ ...at(proxy), protocol: "https" }, { anonymity: true });

      expect(result).toMatchObject({
        status: "live",
        protocols: ["https"],
        protocol: "https",
        exit_ip: proxy.exitAddress,
        anonymity: "elite",
      });
    },
  );

  it.each(["squidElite", "tinyElite"])(
    "finds https beside http on %s told http when asked to try the TLS tunnel",
    async (name) => {
      const proxy = proxies[name]!;

      const plain = await prober.probe({ ...at(proxy), protocol: "http" });
      const tunnelled = await prober.probe({ ...at(proxy), protocol: "http" }, { tlsTunnel: true });

      expect(plain).toMatchObject({ status: "live", protocols: ["http"], protocol: "http" });
      expect(tunnelled).toMatchObject({
        status: "live",
        protocols: ["http", "https"],
        protocol: "http",
        exit_ip: proxy.exitAddress,
      });
    },
  );

  it("tries no TLS tunnel on a SOCKS proxy or an http port that is not a proxy's", async () => {
    const socks = await prober.probe({ ...at(proxies.socks!), protocol: "socks5" }, { tlsTunnel: true });
    // microsocks speaks SOCKS5 only: told http it is dead, and so no tunnel is tried.
    const notHttp = await prober.probe({ ...at(proxies.socks!), protocol: "http" }, { tlsTunnel: true });

    expect(socks).toMatchObject({ status: "live", protocols: ["socks5"] });
    expect(notHttp).toMatchObject({ status: "dead", protocols: [] });
  });

  it("reports the exit address's network from the ASN database", async () => {
    const withAsn = fixture.prober({ asnDb: await openAsnDb(loopbackAsnTablesDir) });

    const live = await withAsn.probe(at(proxies.dante!));
    const dead = await withAsn.probe({ ...at(proxies.socks!), protocol: "http" });

    expect(live).toMatchObject({ status: "live", exit_ip: proxies.dante!.exitAddress, ...loopbackAsn });
    expect(dead).toMatchObject({ status: "dead", asn: null, org: null });
    // Without a database the fields are there, and null.
    expect(await prober.probe(at(proxies.dante!))).toMatchObject({ status: "live", asn: null, org: null });
  });

  it("finds exactly SOCKS5 and SOCKS4 on dante", async () => {
    const result = await prober.probe(at(proxies.dante!), { anonymity: true });

    expect(result).toMatchObject({
      status: "live",
      protocols: ["socks5", "socks4"],
      protocol: "socks5",
      exit_ip: proxies.dante!.exitAddress,
      anonymity: "elite",
    });
  });

  it("checks dante as SOCKS4 when told to", async () => {
    const result = await prober.probe({ ...at(proxies.dante!), protocol: "socks4" });

    expect(result).toMatchObject({
      status: "live",
      protocols: ["socks4"],
      exit_ip: proxies.dante!.exitAddress,
    });
  });

  it("finds exactly SOCKS5 on microsocks", async () => {
    const result = await prober.probe(at(proxies.socks!));

    expect(result).toMatchObject({
      status: "live",
      protocols: ["socks5"],
      exit_ip: proxies.socks!.exitAddress,
    });
  });

  it("passes microsocks' username and password check with the right credentials", async () => {
    const result = await prober.probe({ ...at(proxies.socksAuth!), ...credentials });

    expect(result).toMatchObject({
      status: "live",
      protocols: ["socks5"],
      exit_ip: proxies.socksAuth!.exitAddress,
    });
  });

  it.each([
    ["a wrong password", { username: credentials.username, password: "wrong" }],
    ["no credentials", {}],
  ])("reports auth_failed for microsocks with %s", async (_case, given) => {
    const detected = await prober.probe({ ...at(proxies.socksAuth!), ...given });
    const told = await prober.probe({ ...at(proxies.socksAuth!), ...given, protocol: "socks5" });

    expect(detected).toMatchObject({ status: "dead", reason: "auth_failed", protocols: [], exit_ip: null });
    expect(told).toMatchObject({ status: "dead", reason: "auth_failed" });
  });

  it("finds an HTTP proxy dead as SOCKS5: squid waits for the rest of a request line", async () => {
    const impatient = fixture.prober({ timeouts: { handshakeMs: 300 } });

    const result = await impatient.probe({ ...at(proxies.squidElite!), protocol: "socks5" });

    expect(result).toMatchObject({ status: "dead", reason: "timeout", protocols: [] });
  });

  it("leaves anonymity out unless asked", async () => {
    const result = await prober.probe(at(proxies.squidTransparent!));

    expect(result).toMatchObject({ status: "live", anonymity: null, anonymity_evidence: null });
  });
});

describe("probing a SOCKS4a server", () => {
  it("sends the judge as a name when told socks4a, and finds it live", async () => {
    const socks4a = await startSocks4aProxy();
    const judgeAddress = new URL(fixture.judge.httpUrl);

    const result = await prober.probe({ host: socks4a.host, port: socks4a.port, protocol: "socks4a" });
    await socks4a.stop();

    expect(result).toMatchObject({
      status: "live",
      protocols: ["socks4a"],
      protocol: "socks4a",
      exit_ip: "127.0.0.1",
    });
    expect(socks4a.requested).toEqual([`${judgeAddress.hostname}:${judgeAddress.port}`]);
  });
});
