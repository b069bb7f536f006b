-- Sources as users of public lists expect (issue 14): every source that lists a proxy is credited
-- with it, and a source's schedule counts from when its fetch was queued.

-- AlterTable
ALTER TABLE "proxy_sources" ADD COLUMN     "scheduled_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "proxy_source_listings" (
    "proxy_id" BIGINT NOT NULL,
    "source_id" UUID NOT NULL,
    "first_listed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_listed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_source_listings_pkey" PRIMARY KEY ("proxy_id","source_id")
);

-- CreateIndex
CREATE INDEX "proxy_source_listings_source_id_idx" ON "proxy_source_listings"("source_id");

-- AddForeignKey
ALTER TABLE "proxy_source_listings" ADD CONSTRAINT "proxy_source_listings_proxy_id_fkey" FOREIGN KEY ("proxy_id") REFERENCES "proxies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proxy_source_listings" ADD CONSTRAINT "proxy_source_listings_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "proxy_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
