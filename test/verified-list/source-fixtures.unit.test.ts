import { readFileSync } from "node:fs";
import { defaultSources, junkBodyReason, parseSourceList } from "@sieve/core";
import { describe, expect, it } from "vitest";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/sources/${name}`, import.meta.url), "utf8");

/** The candidates of a fixture as `protocol://host:port` (`detect://` when none is named), sorted. */
function read(name: string): string[] {
  return parseSourceList(fixture(name))
    .candidates.map((entry) => `${entry.protocol ?? "detect"}://${entry.host}:${entry.port}`)
    .sort();
}

describe("the formats of the common public lists, from fixtures in their shape", () => {
  it.each([
    ["plain.txt", ["detect://192.0.2.1:8080", "detect://192.0.2.2:3128", "detect://198.51.100.3:80"]],
    [
      "protocol-urls.txt",
      [
        "http://192.0.2.10:8080",
        "https://192.0.2.11:443",
        "socks4://198.51.100.12:4145",
        "socks5://203.0.113.13:1080",
      ],
    ],
    [
      "hideip-me.txt",
      [
        "detect://192.0.2.20:8080",
        "detect://192.0.2.21:3128",
        "detect://198.51.100.22:80",
        "detect://203.0.113.23:8888",
      ],
    ],
    // The S of `CC-A-S` (HTTPS support) gives an https row beside the detected one.
    [
      "spys-me.txt",
      [
        "detect://192.0.2.30:8080",
        "detect://192.0.2.31:3128",
        "detect://198.51.100.32:80",
        "detect://203.0.113.33:8118",
        "https://192.0.2.31:3128",
        "https://198.51.100.32:80",
      ],
    ],
    [
      "clarketm.txt",
      [
        "detect://192.0.2.40:8080",
        "detect://192.0.2.41:3128",
        "detect://198.51.100.42:80",
        "https://192.0.2.40:8080",
        "https://198.51.100.42:80",
      ],
    ],
    // proxifly marks HTTPS support with "https": true.
    ["proxifly.json", ["http://192.0.2.50:8080", "https://192.0.2.50:8080", "socks5://198.51.100.51:1080"]],
    ["proxyscrape.json", ["http://192.0.2.60:3128", "socks4://203.0.113.61:4145"]],
    // Geonode names every protocol that answered: one row each.
    ["geonode.json", ["http://192.0.2.70:8080", "https://192.0.2.70:8080", "socks5://198.51.100.71:1080"]],
    ["monosans.json", ["http://192.0.2.80:8080", "socks5://203.0.113.81:1080"]],
    ["with-header.csv", ["detect://198.51.100.91:3128", "https://192.0.2.90:8080"]],
  ])("reads %s", (name, expected) => {
    expect(read(name)).toEqual(expected);
  });

  it("takes the S of a decorated line as HTTPS support only in lists of HTTP proxies", () => {
    const line = "192.0.2.31:3128 DE-H-S! -";
    expect(parseSourceList(line, "http").candidates.map((entry) => entry.protocol)).toEqual([
      "http",
      "https",
    ]);
    expect(parseSourceList(line, "socks5").candidates.map((entry) => entry.protocol)).toEqual(["socks5"]);
  });

  it("gives an https row for a JSON entry of type https, alone or in a list", () => {
    const entry = '{"host":"127.0.0.1","port":"28881","type":"https"}';
    for (const text of [entry, `[${entry}]`]) {
      expect(parseSourceList(text).candidates).toEqual([
        { host: "127.0.0.1", port: 28881, protocol: "https" },
      ]);
    }
  });

  it.each([
    ["junk-notfound.txt", 'no proxies in the body ("NOTFOUND")'],
    ["junk-array.txt", 'no proxies in the body ("Array")'],
    ["junk-empty.txt", "empty body: no proxies"],
    ["junk-error.html", 'an HTML error page ("429 Too Many Requests"), not a proxy list'],
  ])("calls %s junk: %s", (name, reason) => {
    const text = fixture(name);
    expect(junkBodyReason(text, parseSourceList(text))).toBe(reason);
  });

  it("calls none of the real-shaped lists junk", () => {
    for (const name of ["plain.txt", "spys-me.txt", "geonode.json", "with-header.csv"]) {
      const text = fixture(name);
      expect(junkBodyReason(text, parseSourceList(text))).toBeUndefined();
    }
  });

  it("defaults to the widely used lists, each an https URL, none twice", () => {
    const locations = defaultSources.map((source) => source.location);
    expect(new Set(locations).size).toBe(locations.length);
    for (const location of locations) expect(new URL(location).protocol).toBe("https:");
    for (const list of [
      "TheSpeedX",
      "monosans",
      "clarketm",
      "proxifly",
      "proxyscrape",
      "geonode",
      "hideip.me",
      "spys.me",
    ]) {
      expect(locations.some((location) => location.includes(list))).toBe(true);
    }
  });
});
