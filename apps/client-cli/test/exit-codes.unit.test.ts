import { SieveApiError } from "@sieve/client";
import { describe, expect, it } from "vitest";
import { asCliFailure, CliFailure, ExitCode } from "../src/exit-codes.ts";

describe("the exit status of a failure", () => {
  it.each([
    [400, ExitCode.apiError],
    [404, ExitCode.apiError],
    [413, ExitCode.apiError],
    [401, ExitCode.auth],
    [403, ExitCode.auth],
    [429, ExitCode.unavailable],
    [503, ExitCode.unavailable],
  ])("an API answer %i exits %i", (status, exitCode) => {
    const failure = asCliFailure(
      new SieveApiError(status, "some_code", "refused", {}),
      "http://127.0.0.1:3000",
    );
    expect(failure).toMatchObject({ exitCode, code: "some_code", status, message: "refused" });
  });

  it("no answer at all is unavailable, naming the URL and the cause", () => {
    const error = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    expect(asCliFailure(error, "http://127.0.0.1:9/api/v1")).toMatchObject({
      exitCode: ExitCode.unavailable,
      message: "cannot reach the API at http://127.0.0.1:9/api/v1: ECONNREFUSED",
    });
  });

  it("keeps a CLI failure as it is and makes anything else an API error", () => {
    const usage = new CliFailure(ExitCode.usage, "bad");
    expect(asCliFailure(usage, "x")).toBe(usage);
    expect(asCliFailure(new Error("odd"), "x")).toMatchObject({
      exitCode: ExitCode.apiError,
      message: "odd",
    });
  });
});
