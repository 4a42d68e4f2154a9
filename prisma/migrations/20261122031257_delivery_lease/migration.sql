-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "lastAttemptAt" TIMESTAMP(3),
ADD COLUMN     "leaseToken" TEXT;

-- CreateIndex
CREATE INDEX "Delivery_tenantId_webhookId_createdAt_idx" ON "Delivery"("tenantId", "webhookId", "createdAt");
