-- CreateEnum
CREATE TYPE "role" AS ENUM ('user', 'readonly', 'admin');

-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "proxy_pool" AS ENUM ('public', 'premium');

-- CreateEnum
CREATE TYPE "proxy_protocol" AS ENUM ('http', 'https', 'socks4', 'socks5');

-- CreateEnum
CREATE TYPE "anonymity" AS ENUM ('transparent', 'anonymous', 'elite');

-- CreateEnum
CREATE TYPE "job_status" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "check_status" AS ENUM ('live', 'dead', 'blocked');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "role" NOT NULL DEFAULT 'user',
    "status" "account_status" NOT NULL DEFAULT 'active',
    "premium_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "prefix" TEXT NOT NULL,
    "digest" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proxies" (
    "id" BIGSERIAL NOT NULL,
    "pool" "proxy_pool" NOT NULL DEFAULT 'public',
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" "proxy_protocol" NOT NULL,
    "alive" BOOLEAN NOT NULL DEFAULT false,
    "country" CHAR(2),
    "anonymity" "anonymity",
    "latency_ms" INTEGER,
    "exit_ip" TEXT,
    "uptime_score" REAL NOT NULL DEFAULT 0,
    "checked_at" TIMESTAMPTZ(3),
    "next_check_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_success_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "retired_at" TIMESTAMPTZ(3),
    "source_id" UUID,

    CONSTRAINT "proxies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_jobs" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "status" "job_status" NOT NULL DEFAULT 'queued',
    "include_anonymity" BOOLEAN NOT NULL DEFAULT false,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "invalid_lines" INTEGER NOT NULL DEFAULT 0,
    "duplicate_lines" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "check_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_items" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "chunk" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "requested" "proxy_protocol",
    "credentials" BYTEA,
    "status" "check_status",
    "reason" TEXT,
    "protocol" "proxy_protocol",
    "connect_ms" INTEGER,
    "ttfb_ms" INTEGER,
    "total_ms" INTEGER,
    "exit_ip" TEXT,
    "country" CHAR(2),
    "anonymity" "anonymity",
    "checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "check_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proxy_sources" (
    "id" UUID NOT NULL,
    "location" TEXT NOT NULL,
    "protocol" "proxy_protocol",
    "interval_minutes" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_fetched_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "new_candidates" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "list_refresh" (
    "pool" "proxy_pool" NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3),

    CONSTRAINT "list_refresh_pkey" PRIMARY KEY ("pool")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_digest_key" ON "api_keys"("digest");

-- CreateIndex
CREATE INDEX "api_keys_account_id_idx" ON "api_keys"("account_id");

-- CreateIndex
CREATE INDEX "proxies_pool_alive_id_idx" ON "proxies"("pool", "alive", "id");

-- CreateIndex
CREATE INDEX "proxies_pool_alive_protocol_country_id_idx" ON "proxies"("pool", "alive", "protocol", "country", "id");

-- CreateIndex
CREATE INDEX "proxies_pool_alive_country_id_idx" ON "proxies"("pool", "alive", "country", "id");

-- CreateIndex
CREATE INDEX "proxies_next_check_at_idx" ON "proxies"("next_check_at");

-- CreateIndex
CREATE UNIQUE INDEX "proxies_pool_host_port_protocol_key" ON "proxies"("pool", "host", "port", "protocol");

-- CreateIndex
CREATE INDEX "check_jobs_account_id_created_at_idx" ON "check_jobs"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "check_jobs_status_idx" ON "check_jobs"("status");

-- CreateIndex
CREATE INDEX "check_items_job_id_chunk_idx" ON "check_items"("job_id", "chunk");

-- CreateIndex
CREATE UNIQUE INDEX "check_items_job_id_position_key" ON "check_items"("job_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "proxy_sources_location_key" ON "proxy_sources"("location");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proxies" ADD CONSTRAINT "proxies_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "proxy_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_jobs" ADD CONSTRAINT "check_jobs_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_items" ADD CONSTRAINT "check_items_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "check_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
