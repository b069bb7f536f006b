-- Premium pool entries with credentials, and the reason of each entry's last failed check (issue 14).

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN     "credentials" BYTEA,
ADD COLUMN     "last_error" TEXT;
