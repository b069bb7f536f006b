import { describe, expect, it } from "vitest";
import { parseSourceList } from "../src/verified-list/source-format.ts";

const sorted = (text: string, protocol?: "http" | "socks5") =>
  parseSourceList(text, protocol).candidates.sort((a, b) =>
    `${a.host}:${a.port}`.localeCompare(`${b.host}:${b.port}`),
  );

describe("source list formats", () => {
  it("reads plain lines, scheme URLs and IPv6, folding duplicates", () => {
    expect(
      sorted("192.0.2.4:8080\nsocks5://198.51.100.8:1080\n192.0.2.4:8080\n[2001:db8::1]:3128\n"),
    ).toEqual([
      { host: "192.0.2.4", port: 8080 },
      { host: "198.51.100.8", port: 1080, protocol: "socks5" },
      { host: "2001:db8::1", port: 3128 },
    ]);
  });

  it("finds addresses embedded in other text and ignores the rest", () => {
    const text = [
      "<tr><td>Updated 2026-06-10 08:00:01</td></tr>",
      "<td>198.51.100.9:3128</td><td>US</td> and http://203.0.113.4:80/ too",
      "version 1.2.3 port 99999 999.1.1.1:80 192.0.2.4:0",
      "\u0000\u00ff garbage ::: [::1:80",
    ].join("\n");
    expect(sorted(text)).toEqual([
      { host: "198.51.100.9", port: 3128 },
      { host: "203.0.113.4", port: 80, protocol: "http" },
    ]);
  });

  it("reads JSON arrays of strings and of objects, also nested under a key", () => {
    const json = JSON.stringify({
      data: [
        { ip: "192.0.2.1", port: 80, protocols: ["socks4"] },
        { host: "192.0.2.2", port: "8080", type: "HTTPS" },
        "203.0.113.3:1080",
        { address: "not-an-ip", port: 1 },
      ],
    });
    expect(sorted(json)).toEqual([
      { host: "192.0.2.1", port: 80, protocol: "socks4" },
      { host: "192.0.2.2", port: 8080, protocol: "https" },
      { host: "203.0.113.3", port: 1080 },
    ]);
  });

  it("reads CSV with a header in any column order", () => {
    const csv = "country,port,ip,protocol\nUS,8080,192.0.2.1,http\nDE,1080,192.0.2.2,socks5\nbroken line\n";
    expect(sorted(csv)).toEqual([
      { host: "192.0.2.1", port: 8080, protocol: "http" },
      { host: "192.0.2.2", port: 1080, protocol: "socks5" },
    ]);
  });

  it("applies the source's protocol where an entry names none", () => {
    expect(sorted("192.0.2.1:80\nhttp://192.0.2.2:80", "socks5")).toEqual([
      { host: "192.0.2.1", port: 80, protocol: "socks5" },
      { host: "192.0.2.2", port: 80, protocol: "http" },
    ]);
  });

  it("skips ports written with a leading zero, in lines and in JSON", () => {
    const text = '192.0.2.10:080\n198.51.100.7:3128 US-H\n[{"ip":"203.0.113.5","port":"0443"}]';
    expect(sorted(text)).toEqual([{ host: "198.51.100.7", port: 3128 }]);
    expect(sorted('[{"ip":"203.0.113.5","port":"0443"},{"ip":"203.0.113.6","port":443}]')).toEqual([
      { host: "203.0.113.6", port: 443 },
    ]);
  });

  it("keeps credentials in every line form, for the premium pool, and counts them", () => {
    const parsed = parseSourceList(
      "user:pass@192.0.2.1:80\n192.0.2.2:80:user:pa:ss\nsocks5://u%40x:p%3Aw@192.0.2.3:1080\n192.0.2.4:80",
    );
    expect(parsed.candidates).toEqual([
      { host: "192.0.2.1", port: 80, username: "user", password: "pass" },
      { host: "192.0.2.2", port: 80, username: "user", password: "pa:ss" },
      { host: "192.0.2.3", port: 1080, protocol: "socks5", username: "u@x", password: "p:w" },
      { host: "192.0.2.4", port: 80 },
    ]);
    expect(parsed.withCredentials).toBe(3);
  });

  it("names each text line in which no proxy was found, with the parser's reason", () => {
    const parsed = parseSourceList("# a comment\n192.0.2.1:80\nnot a proxy\n192.0.2.5:99999\n");
    expect(parsed.unread).toEqual([
      { line: "not a proxy", error: "unexpected whitespace" },
      { line: "192.0.2.5:99999", error: "port 99999 is not a number from 1 to 65535" },
    ]);
  });
});
