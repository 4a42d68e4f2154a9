-- A tenant's revisions, the key of every cache of read answers (src/services/catalogRevision.ts):
-- catalogRevision moves with every audited write, lineageRevision with every applied post. They
-- replace per-request aggregates over ManifestVersion and AuditEvent, which grew with a tenant's
-- history, and authentication reads them in its own statement.
-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "catalogRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lineageRevision" INTEGER NOT NULL DEFAULT 0;
