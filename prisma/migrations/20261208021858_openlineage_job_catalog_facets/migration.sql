-- AlterTable
ALTER TABLE "OpenLineageJob" ADD COLUMN     "catalogFacets" TEXT;
