import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCredentialCipher } from "../src/check-jobs/credential-cipher.ts";

const key = randomBytes(32).toString("base64");

describe("credential cipher", () => {
  it("gives back what it sealed, and the sealed bytes do not contain the password", () => {
    const cipher = createCredentialCipher(key);
    const sealed = cipher.encrypt({ username: "alice", password: "hunter2-secret" });
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("hunter2");
    expect(cipher.decrypt(sealed)).toEqual({ username: "alice", password: "hunter2-secret" });
  });

  it("refuses sealed bytes that were tampered with or sealed under another key", () => {
    const cipher = createCredentialCipher(key);
    const sealed = cipher.encrypt({ username: "a", password: "b" });
    sealed[sealed.length - 1]! ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
    const other = createCredentialCipher(randomBytes(32).toString("base64"));
    expect(() => other.decrypt(cipher.encrypt({ username: "a", password: "b" }))).toThrow();
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createCredentialCipher(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
