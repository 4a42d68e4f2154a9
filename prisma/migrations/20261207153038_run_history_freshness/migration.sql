-- CreateEnum
CREATE TYPE "RunSource" AS ENUM ('DBT', 'OPENLINEAGE');

-- CreateEnum
CREATE TYPE "FreshnessState" AS ENUM ('FRESH', 'LATE', 'STALE', 'UNKNOWN');

-- AlterTable
ALTER TABLE "RunResult" ALTER COLUMN "manifestVersionId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "AssetRun" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "source" "RunSource" NOT NULL,
    "status" "RunStatus" NOT NULL,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER,
    "rowsAffected" BIGINT,
    "maxLoadedAt" TIMESTAMP(3),
    "snapshottedAt" TIMESTAMP(3),
    "message" TEXT,
    "invocationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssetRun_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "AssetFreshness" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "state" "FreshnessState" NOT NULL DEFAULT 'UNKNOWN',
    "since" TIMESTAMP(3) NOT NULL,
    "lastLoadedAt" TIMESTAMP(3),
    "dbtWarnMinutes" INTEGER,
    "dbtErrorMinutes" INTEGER,
    "slaMinutes" INTEGER,
    "breachSince" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "evaluatedAt" TIMESTAMP(3),

    CONSTRAINT "AssetFreshness_pkey" PRIMARY KEY ("tenantId","assetId")
);

-- CreateTable
CREATE TABLE "FreshnessTransition" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "state" "FreshnessState" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FreshnessTransition_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "AssetRun_tenantId_completedAt_idx" ON "AssetRun"("tenantId", "completedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AssetRun_tenantId_assetId_source_completedAt_key" ON "AssetRun"("tenantId", "assetId", "source", "completedAt");

-- CreateIndex
CREATE INDEX "FreshnessTransition_tenantId_assetId_at_idx" ON "FreshnessTransition"("tenantId", "assetId", "at");

-- CreateIndex
CREATE INDEX "FreshnessTransition_tenantId_at_idx" ON "FreshnessTransition"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "AssetRun" ADD CONSTRAINT "AssetRun_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetFreshness" ADD CONSTRAINT "AssetFreshness_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreshnessTransition" ADD CONSTRAINT "FreshnessTransition_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
