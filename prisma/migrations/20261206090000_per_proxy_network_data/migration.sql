-- More per-proxy data (issue 14): every protocol that answered, the exit address's network
-- (ASN and organisation, from the offline ASN database; bigint, as ASNs are 32-bit unsigned)
-- whether the exit address differs from the proxy's own, and the number of checks. The asn and
-- exit_differs filters get an index each, since they pick a small share of the list (a page would
-- otherwise walk the whole list in id order); https holds for a large share.

-- AlterTable
ALTER TABLE "proxies" ADD COLUMN "asn" BIGINT,
ADD COLUMN "checks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "exit_differs" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "org" TEXT,
ADD COLUMN "protocols" "proxy_protocol"[] DEFAULT ARRAY[]::"proxy_protocol"[];

-- AlterTable
ALTER TABLE "check_items" ADD COLUMN "asn" BIGINT,
ADD COLUMN "org" TEXT;

-- CreateIndex
CREATE INDEX "proxies_pool_alive_asn_id_idx" ON "proxies"("pool", "alive", "asn", "id");

-- CreateIndex
CREATE INDEX "proxies_pool_alive_exit_differs_id_idx" ON "proxies"("pool", "alive", "exit_differs", "id");
