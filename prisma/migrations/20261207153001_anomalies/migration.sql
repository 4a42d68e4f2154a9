-- CreateEnum
CREATE TYPE "AnomalyStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "Seasonality" AS ENUM ('NONE', 'DAY_OF_WEEK');

-- CreateTable
CREATE TABLE "MetricSeries" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dimensionsKey" TEXT NOT NULL,
    "dimensions" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricSeries_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Observation" (
    "tenantId" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Observation_pkey" PRIMARY KEY ("tenantId","seriesId","at")
);

-- CreateTable
CREATE TABLE "Anomaly" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "stddev" DOUBLE PRECISION NOT NULL,
    "zScore" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "window" INTEGER NOT NULL,
    "seasonality" "Seasonality" NOT NULL,
    "baselineFrom" TIMESTAMP(3) NOT NULL,
    "baselineTo" TIMESTAMP(3) NOT NULL,
    "status" "AnomalyStatus" NOT NULL DEFAULT 'OPEN',
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedByLabel" TEXT,
    "comment" TEXT,

    CONSTRAINT "Anomaly_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "AnomalySetting" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dimensionsKey" TEXT NOT NULL,
    "window" INTEGER,
    "threshold" DOUBLE PRECISION,
    "seasonality" "Seasonality",
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnomalySetting_pkey" PRIMARY KEY ("tenantId","assetId","name","dimensionsKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricSeries_tenantId_assetId_name_dimensionsKey_key" ON "MetricSeries"("tenantId", "assetId", "name", "dimensionsKey");

-- CreateIndex
CREATE INDEX "Anomaly_tenantId_detectedAt_idx" ON "Anomaly"("tenantId", "detectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Anomaly_tenantId_seriesId_at_key" ON "Anomaly"("tenantId", "seriesId", "at");

-- AddForeignKey
ALTER TABLE "MetricSeries" ADD CONSTRAINT "MetricSeries_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_tenantId_seriesId_fkey" FOREIGN KEY ("tenantId", "seriesId") REFERENCES "MetricSeries"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_tenantId_seriesId_fkey" FOREIGN KEY ("tenantId", "seriesId") REFERENCES "MetricSeries"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnomalySetting" ADD CONSTRAINT "AnomalySetting_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
