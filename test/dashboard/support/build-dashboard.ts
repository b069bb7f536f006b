import { fileURLToPath } from "node:url";
import { buildDashboardIfStale } from "../../../apps/cli/src/dashboard-build.ts";

/** Vitest global setup: the API under test serves apps/web/dist, so it must match apps/web/src. */
export default async function setup(): Promise<void> {
  await buildDashboardIfStale(fileURLToPath(new URL("../../../", import.meta.url)));
}
