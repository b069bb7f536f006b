-- CreateIndex
CREATE INDEX "proxies_list_count_idx" ON "proxies"("pool", "alive", "country", "protocol", "anonymity", "checked_at", "latency_ms", "uptime_score");
