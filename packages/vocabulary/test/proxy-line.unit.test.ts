import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatProxyLine, parseProxyLine } from "../src/proxies/proxy-line.ts";

describe("parseProxyLine", () => {
  it.each([
    ["192.0.2.4:8080", { host: "192.0.2.4", port: 8080, form: "plain" }],
    [
      "192.0.2.4:1080:alice:s3cret",
      { host: "192.0.2.4", port: 1080, form: "colon", username: "alice", password: "s3cret" },
    ],
    [
      "192.0.2.4:1080:alice:pa:ss",
      { host: "192.0.2.4", port: 1080, form: "colon", username: "alice", password: "pa:ss" },
    ],
    [
      "alice:s3cret@192.0.2.4:1080",
      { host: "192.0.2.4", port: 1080, form: "at", username: "alice", password: "s3cret" },
    ],
    ["a:p@ss@192.0.2.4:1080", { host: "192.0.2.4", port: 1080, form: "at", username: "a", password: "p@ss" }],
    [
      "socks5://192.0.2.4:1080",
      { host: "192.0.2.4", port: 1080, form: "url", protocol: "socks5", scheme: "socks5" },
    ],
    [
      "SOCKS5H://bob:p%40ss@192.0.2.4:1080/",
      {
        host: "192.0.2.4",
        port: 1080,
        form: "url",
        protocol: "socks5",
        scheme: "socks5h",
        username: "bob",
        password: "p@ss",
      },
    ],
    [
      "socks4a://192.0.2.4:1080",
      { host: "192.0.2.4", port: 1080, form: "url", protocol: "socks4a", scheme: "socks4a" },
    ],
    [
      "https://192.0.2.4:443",
      { host: "192.0.2.4", port: 443, form: "url", protocol: "https", scheme: "https" },
    ],
    [
      "[2001:DB8:0:0::1]:3128",
      { host: "2001:db8::1", writtenHost: "2001:DB8:0:0::1", port: 3128, form: "plain" },
    ],
    [
      "[::ffff:192.0.2.4]:80",
      { host: "::ffff:c000:204", writtenHost: "::ffff:192.0.2.4", port: 80, form: "plain" },
    ],
    [
      "http://u:p@[2001:db8::2]:8080",
      {
        host: "2001:db8::2",
        port: 8080,
        form: "url",
        protocol: "http",
        scheme: "http",
        username: "u",
        password: "p",
      },
    ],
  ])("reads %s", (line, expected) => {
    expect(parseProxyLine(line)).toEqual({ ok: true, proxy: expected });
  });

  it.each([
    ["192.0.2.4", "missing port"],
    ["192.0.2.4:", "port (empty) is not a number from 1 to 65535"],
    ["192.0.2.4:0", "port 0 is not a number from 1 to 65535"],
    ["192.0.2.4:65536", "port 65536 is not a number from 1 to 65535"],
    ["192.0.2.4:80x", "port 80x is not a number from 1 to 65535"],
    ["256.1.1.1:80", "256.1.1.1 is not an IP address"],
    ["0192.0.2.4:80", "0192.0.2.4 is not an IP address"],
    ["example.com:80", "example.com is not an IP address"],
    [":80", "missing host"],
    ["ftp://192.0.2.4:21", "unknown scheme ftp://"],
    ["192.0.2.4:80:user", "expected ip:port:user:pass"],
    ["192.0.2.4:80::pass", "empty username"],
    ["user@192.0.2.4:80", "credentials before @ must be user:pass"],
    ["[2001:db8::1:80", "unclosed [ in IPv6 address"],
    ["[2001:db8::1]", "missing port after IPv6 address"],
    ["[nonsense]:80", "nonsense is not an IP address"],
    ["192.0.2.4 :80", "unexpected whitespace"],
    [
      "socks5://192.0.2.4:1080:u:p",
      "put credentials before the address in a scheme:// line (scheme://user:pass@ip:port)",
    ],
    [`192.0.2.4:80:${"u".repeat(256)}:p`, "username or password longer than 255 bytes"],
    [`192.0.2.4:80:u:${"é".repeat(128)}`, "username or password longer than 255 bytes"],
    ["alice:@192.0.2.4:80", "empty password"],
    ["2001:db8::1", "an IPv6 address needs brackets, as in [2001:db8::1]:8080"],
    ["2001:db8::1:8080", "an IPv6 address needs brackets, as in [2001:db8::1]:8080"],
    ["[fe80::1%eth0]:80", "fe80::1%eth0 is not an IP address"],
    ["http://192.0.2.4:80/path", "port 80/path is not a number from 1 to 65535"],
    // A leading zero is refused, never read as octal or dropped.
    ["192.0.2.10:080", "port 080 is not a number from 1 to 65535"],
    ["192.0.2.10:00080", "port 00080 is not a number from 1 to 65535"],
    ["socks5://192.0.2.10:01080", "port 01080 is not a number from 1 to 65535"],
    ["[2001:db8::1]:0443", "port 0443 is not a number from 1 to 65535"],
    // Credentials holding a control character, raw or percent-encoded.
    ...[
      "192.0.2.10:8080:al\u0000ice:pass",
      "192.0.2.10:8080:alice:pa\u0007ss",
      "al\u001bice:pass@192.0.2.10:8080",
      "socks5://alice:pa%00ss@192.0.2.10:1080",
      "socks5://ali%0Ace:pass@192.0.2.10:1080",
      "http://alice:pass%7F@192.0.2.10:8080",
    ].map((line) => [line, "username or password holds a control character"]),
  ])("rejects %j: %s", (line, error) => {
    expect(parseProxyLine(line)).toEqual({ ok: false, error });
  });

  it("reads every ipv4:port line, the commonest form, by the rules of its host and port", () => {
    // Octets and ports as people write them, leading zeros and out-of-range values included.
    const number = (max: number) =>
      fc.tuple(fc.integer({ min: 0, max }), fc.boolean()).map(([n, zero]) => `${zero ? "0" : ""}${n}`);
    const canonical = (text: string, min: number, max: number) =>
      String(Number(text)) === text && Number(text) >= min && Number(text) <= max;
    fc.assert(
      fc.property(fc.array(number(300), { minLength: 4, maxLength: 4 }), number(70_000), (octets, port) => {
        const host = octets.join(".");
        const expected = !octets.every((octet) => canonical(octet, 0, 255))
          ? { ok: false, error: `${host} is not an IP address` }
          : !canonical(port, 1, 65_535)
            ? { ok: false, error: `port ${port} is not a number from 1 to 65535` }
            : { ok: true, proxy: { host, port: Number(port), form: "plain" } };
        expect(parseProxyLine(`${host}:${port}`)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("never puts the password in an error message", () => {
    const parsed = parseProxyLine("alice:topsecret@example.com:80");
    expect(parsed).toEqual({ ok: false, error: "example.com is not an IP address" });
  });

  it("never throws and always answers ok or an error, whatever the line", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const parsed = parseProxyLine(line.trim());
        expect(parsed.ok ? typeof parsed.proxy.host : typeof parsed.error).toBe("string");
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back what it formats, in every form", () => {
    const ipv4 = fc
      .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
      .map((octets) => octets.join("."));
    const credential = fc.string({
      minLength: 1,
      maxLength: 20,
      unit: fc.constantFrom(..."abcXYZ019-_.!~*'()"),
    });
    fc.assert(
      fc.property(
        ipv4,
        fc.integer({ min: 1, max: 65_535 }),
        fc.constantFrom("plain", "colon", "at", "url"),
        credential,
        credential,
        (host, port, form, username, password) => {
          const proxy =
            form === "plain"
              ? { host, port, form }
              : form === "url"
                ? { host, port, form, protocol: "socks5" as const, scheme: "socks5", username, password }
                : { host, port, form, username, password };
          expect(parseProxyLine(formatProxyLine(proxy as never))).toEqual({ ok: true, proxy });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each(["[::ffff:127.0.0.1]:21080", "socks5://u:p@[2001:DB8::1]:1080", "[2001:db8:0:0::1]:8080:u:p"])(
    "gives %s back as it was written",
    (line) => {
      const parsed = parseProxyLine(line);
      expect(parsed.ok && formatProxyLine(parsed.proxy)).toBe(line);
    },
  );
});
