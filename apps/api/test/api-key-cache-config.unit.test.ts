import { parseConfig } from "@sieve/vocabulary";
import { describe, expect, it } from "vitest";
import { ApiConfig } from "../src/config.ts";

const required = { CREDENTIALS_KEY: Buffer.alloc(32, 7).toString("base64") };

describe("API_KEY_CACHE", () => {
  it("is on unless set to false", () => {
    expect(ApiConfig.parse(required).API_KEY_CACHE).toBe(true);
    expect(ApiConfig.parse({ ...required, API_KEY_CACHE: "false" }).API_KEY_CACHE).toBe(false);
  });

  it("refuses anything but true or false, naming the variable", () => {
    expect(() => parseConfig(ApiConfig, { ...required, API_KEY_CACHE: "yes" })).toThrow(/API_KEY_CACHE/);
  });
});
