-- DropIndex
DROP INDEX "proxies_next_check_at_idx";

-- AlterTable
ALTER TABLE "list_refresh" ADD COLUMN     "cycle_started_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN     "claimed_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "detect_protocol" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "uptime_successes" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "uptime_weight" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "proxies_alive_next_check_at_idx" ON "proxies"("alive", "next_check_at");

-- CreateIndex
CREATE INDEX "proxies_pool_next_check_at_idx" ON "proxies"("pool", "next_check_at");

-- CreateIndex
CREATE INDEX "proxies_claimed_due_at_idx" ON "proxies"("claimed_due_at");

-- CreateIndex
CREATE INDEX "proxies_source_id_idx" ON "proxies"("source_id");
