import { describe, expect, it } from "vitest";
import { parseListedLine } from "../src/proxies/listed-line.ts";

const plain = (port: number) => ({ ok: true, proxy: { host: "192.0.2.10", port, form: "plain" } });
const whitespace = { ok: false, error: "unexpected whitespace" };

describe("parseListedLine", () => {
  // What follows the proxy after white space (a comment, a list's own columns) is passed over;
  // white space inside the proxy is refused.
  it.each([
    ["192.0.2.10:28882 # tinyproxy", plain(28882)],
    ["192.0.2.10:28881 US-H-S +", plain(28881)],
    ["192.0.2.10:28881 US-N-S! -", plain(28881)],
    ["192.0.2.10:8080\tDE", plain(8080)],
    [
      "socks5://192.0.2.10:1080 # home",
      {
        ok: true,
        proxy: { host: "192.0.2.10", port: 1080, form: "url", protocol: "socks5", scheme: "socks5" },
      },
    ],
    [
      "192.0.2.10:8080:alice:pa#ss",
      {
        ok: true,
        proxy: { host: "192.0.2.10", port: 8080, form: "colon", username: "alice", password: "pa#ss" },
      },
    ],
    ["192.0.2.10 :80", whitespace],
    ["192.0.2.10:80 198.51.100.7:80", whitespace],
    ["192.0.2.10:080 US", whitespace],
  ])("answers %j with %j", (line, answer) => {
    expect(parseListedLine(line)).toEqual(answer);
  });
});
