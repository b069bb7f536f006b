import { z } from "zod";
import { httpUrlProblem } from "../guard/guarded-url.ts";

/** Targets one check may request through each live proxy: each costs a connection per proxy. */
export const maxCheckTargets = 3;
/** `expect_text` is a substring searched in the answer, not a document. */
export const maxExpectTextLength = 200;

/**
 * One target of a check: a web page requested through each proxy the judge found live, with
 * what its answer must be. Nested messages are phrased to follow their field's path
 * (`targets[1].url: must be an http or https URL`, see `issuePath`).
 */
export const CheckTarget = z.strictObject(
  {
    url: z
      .string({ error: "must be a string" })
      .superRefine((text, context) => {
        const problem = httpUrlProblem(text);
        if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
      })
      .meta({ description: "An http or https URL without credentials; never a guarded address" }),
    expect_status: z
      .int({ error: "must be a whole number from 100 to 599" })
      .min(100, "must be a whole number from 100 to 599")
      .max(599, "must be a whole number from 100 to 599")
      .optional()
      .meta({ description: "The status the answer must have; any 2xx when left out" }),
    expect_text: z
      .string({ error: "must be a string" })
      .min(1, "must not be empty")
      .max(maxExpectTextLength, `must be at most ${maxExpectTextLength} characters`)
      .optional()
      .meta({ description: "Text the answer's body must contain (case-sensitive)" }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field "${issue.keys[0]}"`
        : 'must be an object such as {"url": "https://…"}',
  },
);
export type CheckTarget = z.infer<typeof CheckTarget>;

export const CheckTargets = z
  .array(CheckTarget, { error: "targets must be an array of {url, expect_status, expect_text}" })
  .max(maxCheckTargets, `targets: at most ${maxCheckTargets} targets`);

/** A target's outcome through one proxy, as items, exports and the probe report it. */
export const TargetResult = z.strictObject({
  url: z.string(),
  ok: z.boolean().meta({ description: "The answer had the expected status and contained expect_text" }),
  status: z.int().nullable().meta({ description: "The answer's HTTP status; null when none arrived" }),
  ms: z
    .int()
    .min(0)
    .meta({ description: "From dialling the proxy to the answer's last byte (or the failure)" }),
  error: z.string().optional().meta({ description: "Why the target is not ok; absent when it is" }),
});
export type TargetResult = z.infer<typeof TargetResult>;

/** A zod issue's path as code writes it: `targets[1].url`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}
