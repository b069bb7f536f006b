import { describe, expect, it } from "vitest";
import { parseListedLine } from "../src/proxies/listed-line.ts";

describe("parseListedLine", () => {
  it.each([
    ["192.0.2.10:28882 # tinyproxy", { host: "192.0.2.10", port: 28882, form: "plain" }],
    ["192.0.2.10:28881 US-H-S +", { host: "192.0.2.10", port: 28881, form: "plain" }],
    ["192.0.2.10:28881 US-N-S! -", { host: "192.0.2.10", port: 28881, form: "plain" }],
    ["192.0.2.10:8080\tDE", { host: "192.0.2.10", port: 8080, form: "plain" }],
    [
      "socks5://192.0.2.10:1080 # home",
      { host: "192.0.2.10", port: 1080, form: "url", protocol: "socks5", scheme: "socks5" },
    ],
    [
      "192.0.2.10:8080:alice:pa#ss",
      { host: "192.0.2.10", port: 8080, form: "colon", username: "alice", password: "pa#ss" },
    ],
  ])("reads %j", (line, proxy) => {
    expect(parseListedLine(line)).toEqual({ ok: true, proxy });
  });

  it.each([
    ["192.0.2.10 :80", "unexpected whitespace"],
    ["192.0.2.10:80 198.51.100.7:80", "unexpected whitespace"],
    ["192.0.2.10:080 US", "unexpected whitespace"],
  ])("refuses %j", (line, error) => {
    expect(parseListedLine(line)).toEqual({ ok: false, error });
  });
});
