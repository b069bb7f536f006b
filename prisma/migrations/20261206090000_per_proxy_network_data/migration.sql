-- More per-proxy data (issue 14): every protocol that answered, the exit address's network
-- (ASN and organisation, from the offline ASN database; bigint, as ASNs are 32-bit unsigned)
-- and the number of checks. The asn filter gets an index, since one network is a small share
-- of the list (a page for a rare one would walk the whole list); https and exit_differs hold for
-- large shares and narrow the rows the existing indexes bound.

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN "asn" BIGINT,
ADD COLUMN "checks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "org" TEXT,
ADD COLUMN "protocols" "proxy_protocol"[] DEFAULT ARRAY[]::"proxy_protocol"[];

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN "asn" BIGINT,
ADD COLUMN "org" TEXT;

-- CreateIndex
CREATE INDEX "proxies_pool_alive_asn_id_idx" ON "proxies"("pool", "alive", "asn", "id");
