-- AlterTable
ALTER TABLE "Column" ADD COLUMN     "contentHash" TEXT NOT NULL DEFAULT '';
