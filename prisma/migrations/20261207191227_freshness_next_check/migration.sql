-- AlterTable
ALTER TABLE "AssetFreshness" ADD COLUMN     "due" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "nextCheckAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "AssetFreshness_tenantId_due_nextCheckAt_idx" ON "AssetFreshness"("tenantId", "due", "nextCheckAt");
