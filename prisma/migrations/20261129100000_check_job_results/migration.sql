-- CreateEnum
CREATE TYPE "line_form" AS ENUM ('plain', 'colon', 'at', 'url');

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN     "form" "line_form" NOT NULL DEFAULT 'plain',
ADD COLUMN     "scheme" TEXT;

-- AlterTable
ALTER TABLE "check_jobs" ADD COLUMN     "blocked" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dead" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "live" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "check_items_job_id_status_position_idx" ON "check_items"("job_id", "status", "position");
