import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestApiKey, issueApiKey, isWellFormedApiKey, KEY_PREFIX } from "../src/index.ts";

describe("API key format", () => {
  it("issues keys of pk_live_ and at least 30 base62 characters", () => {
    for (let i = 0; i < 200; i++) {
      const { key } = issueApiKey();
      expect(key).toMatch(/^pk_live_[0-9A-Za-z]{30,}$/);
      expect(key.startsWith(KEY_PREFIX)).toBe(true);
    }
  });

  it("issues unique keys", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => issueApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it("accepts its own keys as well formed", () => {
    for (let i = 0; i < 200; i++) expect(isWellFormedApiKey(issueApiKey().key)).toBe(true);
  });

  it("returns the SHA-256 of the key as its digest", () => {
    const issued = issueApiKey();
    const expected = createHash("sha256").update(issued.key).digest();
    expect(Buffer.from(issued.digest).equals(expected)).toBe(true);
    expect(Buffer.from(digestApiKey(issued.key)).equals(expected)).toBe(true);
  });

  it("gives a display prefix that starts the key and hides most of it", () => {
    const issued = issueApiKey();
    expect(issued.key.startsWith(issued.prefix)).toBe(true);
    expect(issued.prefix.startsWith(KEY_PREFIX)).toBe(true);
    expect(issued.key.length - issued.prefix.length).toBeGreaterThanOrEqual(30);
  });

  it("rejects a key with one character changed through its checksum", () => {
    const { key } = issueApiKey();
    const position = KEY_PREFIX.length + 5;
    const changed = key[position] === "a" ? "b" : "a";
    const typo = `${key.slice(0, position)}${changed}${key.slice(position + 1)}`;
    expect(isWellFormedApiKey(typo)).toBe(false);
  });

  it.each([
    "",
    "pk_live_",
    "pk_test_0123456789abcdefghijABCDEFGHIJ0123",
    "Bearer pk_live_x",
    "pk_live_0123456789abcdefghij",
  ])("rejects the malformed key %j", (candidate) => {
    expect(isWellFormedApiKey(candidate)).toBe(false);
  });

  it("rejects a valid key with extra characters around it", () => {
    const { key } = issueApiKey();
    expect(isWellFormedApiKey(` ${key}`)).toBe(false);
    expect(isWellFormedApiKey(`${key}x`)).toBe(false);
  });
});
