import { aroundAll } from "vitest";
import { removeClaimedKeys } from "./redis-keys.ts";

/*
 * Runs in every end-to-end test file (vitest `setupFiles`). aroundAll wraps the whole file,
 * including the teardown of its file-scoped fixtures, so the keys are removed only once every
 * API and worker of the file has stopped writing them.
 */
aroundAll(async (runFile) => {
  try {
    await runFile();
  } finally {
    await removeClaimedKeys();
  }
});
