-- AlterEnum
ALTER TYPE "ColumnTransform" ADD VALUE 'CONDITIONAL';

-- AlterTable
ALTER TABLE "ColumnLineageEdge" ADD COLUMN     "masking" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "origin" "EdgeOrigin" NOT NULL DEFAULT 'INFERRED';

-- AlterTable
ALTER TABLE "ModelColumnDependency" ADD COLUMN     "masking" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "origin" "EdgeOrigin" NOT NULL DEFAULT 'INFERRED';

-- AlterTable
ALTER TABLE "OpenLineageRun" ADD COLUMN     "errorMessage" TEXT;
