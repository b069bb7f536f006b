-- The re-check claim takes live rows, then rows that answered before, then never-answered
-- candidates, each by due time (issue 14): this index serves the last two without walking the rest.

-- CreateIndex
CREATE INDEX "proxies_alive_last_success_at_next_check_at_idx" ON "proxies"("alive", "last_success_at", "next_check_at");
