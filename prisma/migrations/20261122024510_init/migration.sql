-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('READER', 'CI', 'OWNER', 'ADMIN');

-- CreateEnum
CREATE TYPE "AssetKind" AS ENUM ('MODEL', 'SOURCE', 'SEED', 'SNAPSHOT', 'EXPOSURE', 'METRIC', 'SEMANTIC_MODEL');

-- CreateEnum
CREATE TYPE "Layer" AS ENUM ('STAGING', 'INTERMEDIATE', 'MART', 'OTHER');

-- CreateEnum
CREATE TYPE "EdgeOrigin" AS ENUM ('DECLARED', 'INFERRED', 'BOTH');

-- CreateEnum
CREATE TYPE "ColumnTransform" AS ENUM ('DIRECT', 'TRANSFORMED', 'AGGREGATED', 'FILTER', 'JOIN', 'GROUP_BY', 'SORT', 'WINDOW');

-- CreateEnum
CREATE TYPE "ManifestFormat" AS ENUM ('DBT', 'NATIVE');

-- CreateEnum
CREATE TYPE "ManifestMode" AS ENUM ('APPLY', 'PROPOSE');

-- CreateEnum
CREATE TYPE "ManifestStatus" AS ENUM ('APPLIED', 'UNCHANGED', 'PROPOSED', 'BLOCKED');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('PASS', 'FAIL', 'WARN', 'ERROR', 'SKIPPED', 'SUCCESS');

-- CreateEnum
CREATE TYPE "ChangeRequestStatus" AS ENUM ('OPEN', 'APPROVED', 'REJECTED', 'APPLIED', 'SUPERSEDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ChangeAction" AS ENUM ('ADDED', 'REMOVED', 'MODIFIED');

-- CreateEnum
CREATE TYPE "ChangeCategory" AS ENUM ('BREAKING', 'LOGIC', 'QUALITY', 'ADDITIVE', 'DOCS');

-- CreateEnum
CREATE TYPE "ApprovalDecision" AS ENUM ('APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "WebhookFormat" AS ENUM ('JSON', 'SLACK');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "secretHash" TEXT NOT NULL,
    "ownerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Owner" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "handle" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Owner_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Project" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Asset" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "uniqueId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AssetKind" NOT NULL,
    "layer" "Layer",
    "packageName" TEXT,
    "database" TEXT,
    "schema" TEXT,
    "relationName" TEXT,
    "materialization" TEXT,
    "description" TEXT,
    "rawSql" TEXT,
    "compiledSql" TEXT,
    "language" TEXT,
    "filePath" TEXT,
    "checksum" TEXT,
    "tags" TEXT[],
    "meta" JSONB NOT NULL DEFAULT '{}',
    "contractEnforced" BOOLEAN NOT NULL DEFAULT false,
    "access" TEXT,
    "version" TEXT,
    "latestVersion" TEXT,
    "groupName" TEXT,
    "subtype" TEXT,
    "url" TEXT,
    "contentHash" TEXT NOT NULL,
    "sqlHash" TEXT,
    "diagnostics" JSONB NOT NULL DEFAULT '[]',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Column" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dataType" TEXT,
    "description" TEXT,
    "position" INTEGER,
    "tags" TEXT[],
    "meta" JSONB NOT NULL DEFAULT '{}',
    "constraints" JSONB NOT NULL DEFAULT '[]',
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "Column_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "AssetOwner" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'MANIFEST',

    CONSTRAINT "AssetOwner_pkey" PRIMARY KEY ("tenantId","assetId","ownerId")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("tenantId","assetId","ownerId")
);

-- CreateTable
CREATE TABLE "DataTest" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "uniqueId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "testType" TEXT NOT NULL,
    "namespace" TEXT,
    "assetId" TEXT,
    "columnName" TEXT,
    "severity" TEXT,
    "kwargs" JSONB NOT NULL DEFAULT '{}',
    "contentHash" TEXT NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "DataTest_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "RunResult" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "manifestVersionId" TEXT NOT NULL,
    "testId" TEXT,
    "assetId" TEXT,
    "status" "RunStatus" NOT NULL,
    "executionTime" DOUBLE PRECISION,
    "failures" INTEGER,
    "message" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunResult_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "LineageEdge" (
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fromAssetId" TEXT NOT NULL,
    "toAssetId" TEXT NOT NULL,
    "origin" "EdgeOrigin" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LineageEdge_pkey" PRIMARY KEY ("tenantId","fromAssetId","toAssetId")
);

-- CreateTable
CREATE TABLE "ColumnLineageEdge" (
    "tenantId" TEXT NOT NULL,
    "fromColumnId" TEXT NOT NULL,
    "toColumnId" TEXT NOT NULL,
    "transform" "ColumnTransform" NOT NULL,
    "toAssetId" TEXT NOT NULL,
    "fromAssetId" TEXT NOT NULL,

    CONSTRAINT "ColumnLineageEdge_pkey" PRIMARY KEY ("tenantId","fromColumnId","toColumnId","transform")
);

-- CreateTable
CREATE TABLE "ManifestVersion" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "format" "ManifestFormat" NOT NULL,
    "mode" "ManifestMode" NOT NULL,
    "status" "ManifestStatus" NOT NULL,
    "gitSha" TEXT,
    "branch" TEXT,
    "postedByTokenId" TEXT,
    "postedBy" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "diagnostics" JSONB NOT NULL DEFAULT '[]',
    "changeRequestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManifestVersion_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "gitSha" TEXT,
    "status" "ChangeRequestStatus" NOT NULL DEFAULT 'OPEN',
    "title" TEXT NOT NULL,
    "authorTokenId" TEXT,
    "authorOwnerId" TEXT,
    "authorLabel" TEXT NOT NULL,
    "impact" JSONB NOT NULL DEFAULT '{}',
    "requiredApprovers" JSONB NOT NULL DEFAULT '[]',
    "policyFindings" JSONB NOT NULL DEFAULT '[]',
    "fingerprints" TEXT[],
    "latestVersionId" TEXT,
    "appliedVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Change" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "changeRequestId" TEXT,
    "manifestVersionId" TEXT,
    "assetId" TEXT,
    "assetUniqueId" TEXT NOT NULL,
    "columnName" TEXT,
    "action" "ChangeAction" NOT NULL,
    "category" "ChangeCategory" NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Change_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "changeRequestId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "decision" "ApprovalDecision" NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "changeRequestId" TEXT,
    "event" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" JSONB NOT NULL DEFAULT '{}',
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "format" "WebhookFormat" NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "lastStatusCode" INTEGER,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorTokenId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Owner_tenantId_key_key" ON "Owner"("tenantId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Project_tenantId_name_key" ON "Project"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Asset_tenantId_kind_idx" ON "Asset"("tenantId", "kind");

-- CreateIndex
CREATE INDEX "Asset_tenantId_name_idx" ON "Asset"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_tenantId_projectId_uniqueId_key" ON "Asset"("tenantId", "projectId", "uniqueId");

-- CreateIndex
CREATE UNIQUE INDEX "Column_tenantId_assetId_name_key" ON "Column"("tenantId", "assetId", "name");

-- CreateIndex
CREATE INDEX "AssetOwner_tenantId_ownerId_idx" ON "AssetOwner"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "Subscription_tenantId_ownerId_idx" ON "Subscription"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "DataTest_tenantId_assetId_idx" ON "DataTest"("tenantId", "assetId");

-- CreateIndex
CREATE UNIQUE INDEX "DataTest_tenantId_projectId_uniqueId_key" ON "DataTest"("tenantId", "projectId", "uniqueId");

-- CreateIndex
CREATE INDEX "RunResult_tenantId_testId_at_idx" ON "RunResult"("tenantId", "testId", "at");

-- CreateIndex
CREATE INDEX "RunResult_tenantId_assetId_at_idx" ON "RunResult"("tenantId", "assetId", "at");

-- CreateIndex
CREATE INDEX "LineageEdge_tenantId_toAssetId_idx" ON "LineageEdge"("tenantId", "toAssetId");

-- CreateIndex
CREATE INDEX "ColumnLineageEdge_tenantId_toColumnId_idx" ON "ColumnLineageEdge"("tenantId", "toColumnId");

-- CreateIndex
CREATE INDEX "ColumnLineageEdge_tenantId_toAssetId_idx" ON "ColumnLineageEdge"("tenantId", "toAssetId");

-- CreateIndex
CREATE INDEX "ManifestVersion_tenantId_projectId_createdAt_idx" ON "ManifestVersion"("tenantId", "projectId", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_tenantId_projectId_branch_status_idx" ON "ChangeRequest"("tenantId", "projectId", "branch", "status");

-- CreateIndex
CREATE INDEX "Change_tenantId_changeRequestId_idx" ON "Change"("tenantId", "changeRequestId");

-- CreateIndex
CREATE INDEX "Change_tenantId_assetId_idx" ON "Change"("tenantId", "assetId");

-- CreateIndex
CREATE INDEX "Approval_tenantId_changeRequestId_idx" ON "Approval"("tenantId", "changeRequestId");

-- CreateIndex
CREATE INDEX "Notification_tenantId_ownerId_createdAt_idx" ON "Notification"("tenantId", "ownerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_tenantId_ownerId_dedupeKey_key" ON "Notification"("tenantId", "ownerId", "dedupeKey");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_tenantId_idempotencyKey_key" ON "Delivery"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_at_idx" ON "AuditEvent"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Owner" ADD CONSTRAINT "Owner_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_tenantId_projectId_fkey" FOREIGN KEY ("tenantId", "projectId") REFERENCES "Project"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Column" ADD CONSTRAINT "Column_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetOwner" ADD CONSTRAINT "AssetOwner_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetOwner" ADD CONSTRAINT "AssetOwner_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataTest" ADD CONSTRAINT "DataTest_tenantId_projectId_fkey" FOREIGN KEY ("tenantId", "projectId") REFERENCES "Project"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataTest" ADD CONSTRAINT "DataTest_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunResult" ADD CONSTRAINT "RunResult_tenantId_testId_fkey" FOREIGN KEY ("tenantId", "testId") REFERENCES "DataTest"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunResult" ADD CONSTRAINT "RunResult_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunResult" ADD CONSTRAINT "RunResult_tenantId_manifestVersionId_fkey" FOREIGN KEY ("tenantId", "manifestVersionId") REFERENCES "ManifestVersion"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineageEdge" ADD CONSTRAINT "LineageEdge_tenantId_fromAssetId_fkey" FOREIGN KEY ("tenantId", "fromAssetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineageEdge" ADD CONSTRAINT "LineageEdge_tenantId_toAssetId_fkey" FOREIGN KEY ("tenantId", "toAssetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ColumnLineageEdge" ADD CONSTRAINT "ColumnLineageEdge_tenantId_fromColumnId_fkey" FOREIGN KEY ("tenantId", "fromColumnId") REFERENCES "Column"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ColumnLineageEdge" ADD CONSTRAINT "ColumnLineageEdge_tenantId_toColumnId_fkey" FOREIGN KEY ("tenantId", "toColumnId") REFERENCES "Column"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManifestVersion" ADD CONSTRAINT "ManifestVersion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManifestVersion" ADD CONSTRAINT "ManifestVersion_tenantId_projectId_fkey" FOREIGN KEY ("tenantId", "projectId") REFERENCES "Project"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_tenantId_projectId_fkey" FOREIGN KEY ("tenantId", "projectId") REFERENCES "Project"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Change" ADD CONSTRAINT "Change_tenantId_changeRequestId_fkey" FOREIGN KEY ("tenantId", "changeRequestId") REFERENCES "ChangeRequest"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Change" ADD CONSTRAINT "Change_tenantId_manifestVersionId_fkey" FOREIGN KEY ("tenantId", "manifestVersionId") REFERENCES "ManifestVersion"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Change" ADD CONSTRAINT "Change_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_tenantId_changeRequestId_fkey" FOREIGN KEY ("tenantId", "changeRequestId") REFERENCES "ChangeRequest"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_tenantId_webhookId_fkey" FOREIGN KEY ("tenantId", "webhookId") REFERENCES "WebhookEndpoint"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
