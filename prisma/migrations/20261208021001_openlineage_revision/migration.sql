-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "openLineageRevision" INTEGER NOT NULL DEFAULT 0;
