-- AlterTable
ALTER TABLE "AssetOwner" DROP CONSTRAINT "AssetOwner_pkey",
ADD CONSTRAINT "AssetOwner_pkey" PRIMARY KEY ("tenantId", "assetId", "ownerId", "source");
