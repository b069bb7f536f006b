import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { describe, expect, it } from "vitest";
import { verifiedListConfig } from "../src/verified-list/verified-list-config.ts";

describe("VERIFIED_TARGETS", () => {
  it("is no target when unset, and a JSON array of targets when set", () => {
    expect(parseConfig(verifiedListConfig, {}).VERIFIED_TARGETS).toEqual([]);
    const targets = [
      { url: "https://192.0.2.1/", expect_status: 200, expect_text: "Example" },
      { url: "http://198.51.100.2/health" },
    ];
    expect(
      parseConfig(verifiedListConfig, { VERIFIED_TARGETS: JSON.stringify(targets) }).VERIFIED_TARGETS,
    ).toEqual(targets);
  });

  it.each([
    ["not json", /VERIFIED_TARGETS: must be a JSON array of \{url, expect_status, expect_text\}/],
    ['{"url": "http://192.0.2.1/"}', /VERIFIED_TARGETS: targets must be an array/],
    ['[{"url": "ftp://192.0.2.1/"}]', /VERIFIED_TARGETS\.0\.url: must be an http or https URL/],
    ['[{"url": "http://192.0.2.1/", "expect_status": 700}]', /VERIFIED_TARGETS\.0\.expect_status/],
    [JSON.stringify(Array(4).fill({ url: "http://192.0.2.1/" })), /VERIFIED_TARGETS: targets: at most 3/],
  ])("refuses %s, naming the variable", (value, message) => {
    expect(() => parseConfig(verifiedListConfig, { VERIFIED_TARGETS: value })).toThrow(ConfigError);
    expect(() => parseConfig(verifiedListConfig, { VERIFIED_TARGETS: value })).toThrow(message);
  });
});
