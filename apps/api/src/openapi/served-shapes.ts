import type { CheckJobReader, PremiumPool } from "@sieve/core";

/* The types the routes send, read off the functions that make them, so the schemas track them. */

export type CheckJobResponse = NonNullable<Awaited<ReturnType<CheckJobReader["find"]>>>;
export type CheckItemResponse = Awaited<ReturnType<CheckJobReader["items"]>>["items"][number];
export type PremiumChangeResponse = Awaited<ReturnType<PremiumPool["add"]>>;
