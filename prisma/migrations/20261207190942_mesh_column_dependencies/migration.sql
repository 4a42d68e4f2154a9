-- CreateTable
CREATE TABLE "MeshColumnDependency" (
    "tenantId" TEXT NOT NULL,
    "toAssetId" TEXT NOT NULL,
    "toColumnId" TEXT NOT NULL,
    "parentUniqueId" TEXT NOT NULL,
    "parentColumn" TEXT NOT NULL,
    "transform" "ColumnTransform" NOT NULL,

    CONSTRAINT "MeshColumnDependency_pkey" PRIMARY KEY ("tenantId","toAssetId","toColumnId","parentUniqueId","parentColumn","transform")
);

-- AddForeignKey
ALTER TABLE "MeshColumnDependency" ADD CONSTRAINT "MeshColumnDependency_tenantId_toAssetId_fkey" FOREIGN KEY ("tenantId", "toAssetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
