-- CreateEnum
CREATE TYPE "OpenLineageEventKind" AS ENUM ('RUN', 'DATASET', 'JOB');

-- CreateEnum
CREATE TYPE "OpenLineageFacetOwner" AS ENUM ('RUN', 'JOB', 'DATASET', 'INPUT', 'OUTPUT');

-- CreateEnum
CREATE TYPE "OpenLineageDirection" AS ENUM ('INPUT', 'OUTPUT');

-- CreateTable
CREATE TABLE "OpenLineageEvent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "eventHash" TEXT NOT NULL,
    "kind" "OpenLineageEventKind" NOT NULL,
    "eventType" TEXT,
    "eventTime" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "runId" TEXT,
    "jobNamespace" TEXT,
    "jobName" TEXT,
    "flags" TEXT[],
    "payload" JSONB NOT NULL,

    CONSTRAINT "OpenLineageEvent_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "OpenLineageJob" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenLineageJob_pkey" PRIMARY KEY ("tenantId","namespace","name")
);

-- CreateTable
CREATE TABLE "OpenLineageDataset" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenLineageDataset_pkey" PRIMARY KEY ("tenantId","namespace","name")
);

-- CreateTable
CREATE TABLE "OpenLineageJobDataset" (
    "tenantId" TEXT NOT NULL,
    "jobNamespace" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "direction" "OpenLineageDirection" NOT NULL,
    "datasetNamespace" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "lastEventTime" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpenLineageJobDataset_pkey" PRIMARY KEY ("tenantId","jobNamespace","jobName","direction","datasetNamespace","datasetName")
);

-- CreateTable
CREATE TABLE "OpenLineageRun" (
    "tenantId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "jobNamespace" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "firstEventAt" TIMESTAMPTZ(3) NOT NULL,
    "lastEventAt" TIMESTAMPTZ(3) NOT NULL,
    "endState" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "endEventHash" TEXT,
    "parentRunId" TEXT,
    "parentJobNamespace" TEXT,
    "parentJobName" TEXT,

    CONSTRAINT "OpenLineageRun_pkey" PRIMARY KEY ("tenantId","runId")
);

-- CreateTable
CREATE TABLE "OpenLineageFacet" (
    "tenantId" TEXT NOT NULL,
    "owner" "OpenLineageFacetOwner" NOT NULL,
    "ownerKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" JSONB,
    "eventTime" TIMESTAMPTZ(3) NOT NULL,
    "eventHash" TEXT NOT NULL,

    CONSTRAINT "OpenLineageFacet_pkey" PRIMARY KEY ("tenantId","owner","ownerKey","name")
);

-- CreateIndex
CREATE INDEX "OpenLineageEvent_tenantId_receivedAt_id_idx" ON "OpenLineageEvent"("tenantId", "receivedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OpenLineageEvent_tenantId_eventHash_key" ON "OpenLineageEvent"("tenantId", "eventHash");

-- CreateIndex
CREATE INDEX "OpenLineageJobDataset_tenantId_datasetNamespace_datasetName_idx" ON "OpenLineageJobDataset"("tenantId", "datasetNamespace", "datasetName");

-- CreateIndex
CREATE INDEX "OpenLineageRun_tenantId_jobNamespace_jobName_firstEventAt_idx" ON "OpenLineageRun"("tenantId", "jobNamespace", "jobName", "firstEventAt");

-- AddForeignKey
ALTER TABLE "OpenLineageEvent" ADD CONSTRAINT "OpenLineageEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageJob" ADD CONSTRAINT "OpenLineageJob_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageDataset" ADD CONSTRAINT "OpenLineageDataset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageJobDataset" ADD CONSTRAINT "OpenLineageJobDataset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageRun" ADD CONSTRAINT "OpenLineageRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageFacet" ADD CONSTRAINT "OpenLineageFacet_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
