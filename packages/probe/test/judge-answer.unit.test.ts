import { signJudgeAnswer, verifyJudgeAnswer } from "@sieve/probe";
import { describe, expect, it } from "vitest";

const secret = "shared-secret-0123456789";
const answer = {
  nonce: "nonce-0123456789abcdef",
  ip: "198.51.100.4",
  headers: [["Via", "1.1 x"]] as [string, string][],
};

describe("judge answers", () => {
  it("verifies an answer signed with the shared secret for this nonce", () => {
    expect(verifyJudgeAnswer(secret, signJudgeAnswer(secret, answer), answer.nonce)).toEqual(answer);
  });

  it("refuses an answer for another nonce", () => {
    expect(
      verifyJudgeAnswer(secret, signJudgeAnswer(secret, answer), "nonce-other-0123456789"),
    ).toBeUndefined();
  });

  it("refuses an answer signed with another secret", () => {
    expect(
      verifyJudgeAnswer(secret, signJudgeAnswer("other-secret-0123456789", answer), answer.nonce),
    ).toBeUndefined();
  });

  it("refuses an answer whose payload was altered", () => {
    const body = JSON.parse(signJudgeAnswer(secret, answer)) as { payload: string; sig: string };
    const altered = JSON.stringify({
      ...body,
      payload: body.payload.replace("198.51.100.4", "198.51.100.5"),
    });

    expect(verifyJudgeAnswer(secret, altered, answer.nonce)).toBeUndefined();
  });

  it.each(["", "not json", "{}", '{"payload":"{}","sig":"zz"}', "null"])("refuses the body %j", (body) => {
    expect(verifyJudgeAnswer(secret, body, answer.nonce)).toBeUndefined();
  });
});
