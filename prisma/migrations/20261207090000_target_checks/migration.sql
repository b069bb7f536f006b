-- Target checks (issue 14, point 4): a job's targets, requested through each live proxy after
-- the judge, with each item's results; the verified list's default targets give each proxy a
-- targets_ok, filtered on with an index like exit_differs (rewriting proxies are a small share).

-- AlterTable
ALTER TABLE "check_jobs" ADD COLUMN "targets" JSONB;

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN "targets" JSONB;

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN "targets_ok" BOOLEAN;

-- CreateIndex
CREATE INDEX "proxies_pool_alive_targets_ok_id_idx" ON "proxies"("pool", "alive", "targets_ok", "id");
