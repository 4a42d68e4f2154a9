-- AlterTable
ALTER TABLE "Column" ADD COLUMN     "inferred" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "DataTest" ADD COLUMN     "dependsOnAssetIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "DataTest_dependsOnAssetIds_idx" ON "DataTest" USING GIN ("dependsOnAssetIds");
