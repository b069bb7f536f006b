-- More per-proxy data (issue 14): every protocol that answered, the exit address's network
-- (ASN and organisation, from the offline ASN database; bigint, as ASNs are 32-bit unsigned)
-- and the number of checks. No index: the new filters narrow the rows the list's existing
-- indexes already bound.

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN "asn" BIGINT,
ADD COLUMN "checks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "org" TEXT,
ADD COLUMN "protocols" "proxy_protocol"[] DEFAULT ARRAY[]::"proxy_protocol"[];

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN "asn" BIGINT,
ADD COLUMN "org" TEXT;
