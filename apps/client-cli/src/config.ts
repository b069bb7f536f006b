import { z } from "zod";

/** The environment sieve-client reads: where the API is and the key to it. */
export const ClientCliConfig = z.object({
  /** The API's base URL, up to and including `/api/v1`. */
  SIEVE_API_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3000/api/v1"),
  /** A `pk_live_…` key; optional here so `--help` works without one, required by every command. */
  SIEVE_API_KEY: z.string().optional(),
});
export type ClientCliConfig = z.infer<typeof ClientCliConfig>;
