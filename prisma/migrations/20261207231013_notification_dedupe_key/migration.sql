-- CreateIndex
CREATE INDEX "Notification_tenantId_dedupeKey_idx" ON "Notification"("tenantId", "dedupeKey");
