-- AlterTable
ALTER TABLE "MeshColumnDependency" DROP CONSTRAINT "MeshColumnDependency_pkey",
ADD COLUMN     "parentRelation" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "MeshColumnDependency_pkey" PRIMARY KEY ("tenantId", "toAssetId", "toColumnId", "parentUniqueId", "parentRelation", "parentColumn", "transform");
