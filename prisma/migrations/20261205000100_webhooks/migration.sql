-- Signed webhooks (issue 11): a job's callback URL and when it was delivered; the account's
-- signing secret, sealed.

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "webhook_secret" BYTEA;

-- AlterTable
ALTER TABLE "check_jobs" ADD COLUMN     "callback_delivered_at" TIMESTAMPTZ(3),
ADD COLUMN     "callback_url" TEXT;
