// Registers the recorder, then loads @sieve/probe as an app would (through tsx, like `pnpm worker`).
import { register } from "node:module";

register("./record-resolved.mjs", import.meta.url, { data: { log: process.env.RESOLVED_LOG } });
await import("@sieve/probe");
