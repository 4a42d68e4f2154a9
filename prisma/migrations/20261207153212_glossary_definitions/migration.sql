-- CreateEnum
CREATE TYPE "TermStatus" AS ENUM ('DRAFT', 'APPROVED', 'DEPRECATED');

-- CreateEnum
CREATE TYPE "DefinitionStatus" AS ENUM ('CANONICAL', 'ALIAS', 'DEPRECATED');

-- CreateTable
CREATE TABLE "GlossaryTerm" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "synonyms" TEXT[],
    "abbreviations" TEXT[],
    "ownerId" TEXT,
    "status" "TermStatus" NOT NULL DEFAULT 'DRAFT',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GlossaryTerm_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "GlossaryTermLink" (
    "tenantId" TEXT NOT NULL,
    "termId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "columnName" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GlossaryTermLink_pkey" PRIMARY KEY ("tenantId","termId","assetId","columnName")
);

-- CreateTable
CREATE TABLE "DefinitionMark" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "columnName" TEXT NOT NULL DEFAULT '',
    "status" "DefinitionStatus" NOT NULL,
    "note" TEXT,
    "markedBy" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DefinitionMark_pkey" PRIMARY KEY ("tenantId","assetId","columnName")
);

-- CreateIndex
CREATE UNIQUE INDEX "GlossaryTerm_tenantId_key_key" ON "GlossaryTerm"("tenantId", "key");

-- CreateIndex
CREATE INDEX "GlossaryTermLink_tenantId_assetId_idx" ON "GlossaryTermLink"("tenantId", "assetId");

-- AddForeignKey
ALTER TABLE "GlossaryTerm" ADD CONSTRAINT "GlossaryTerm_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GlossaryTerm" ADD CONSTRAINT "GlossaryTerm_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Owner"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GlossaryTermLink" ADD CONSTRAINT "GlossaryTermLink_tenantId_termId_fkey" FOREIGN KEY ("tenantId", "termId") REFERENCES "GlossaryTerm"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GlossaryTermLink" ADD CONSTRAINT "GlossaryTermLink_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DefinitionMark" ADD CONSTRAINT "DefinitionMark_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
