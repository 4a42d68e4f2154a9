-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "adapter" TEXT;

-- CreateTable
CREATE TABLE "MeshDependency" (
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "parentUniqueId" TEXT NOT NULL,

    CONSTRAINT "MeshDependency_pkey" PRIMARY KEY ("tenantId","assetId","parentUniqueId")
);

-- CreateIndex
CREATE INDEX "MeshDependency_tenantId_projectId_idx" ON "MeshDependency"("tenantId", "projectId");

-- AddForeignKey
ALTER TABLE "MeshDependency" ADD CONSTRAINT "MeshDependency_tenantId_assetId_fkey" FOREIGN KEY ("tenantId", "assetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
