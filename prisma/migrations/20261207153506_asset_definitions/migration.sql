-- AlterEnum
ALTER TYPE "AssetKind" ADD VALUE 'SAVED_QUERY';

-- CreateTable
CREATE TABLE "AssetDefinition" (
    "tenantId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "definition" JSONB NOT NULL,

    CONSTRAINT "AssetDefinition_pkey" PRIMARY KEY ("tenantId","assetId")
);

-- AddForeignKey
ALTER TABLE "AssetDefinition" ADD CONSTRAINT "AssetDefinition_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
