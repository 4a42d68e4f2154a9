-- Column definitions: each distinct (name, description) of a tenant once. Search indexes and
-- ranks definitions instead of every column that repeats one, and ingestion no longer
-- maintains full-text and trigram indexes per column row.
CREATE TABLE "ColumnDefinition" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "searchVector" tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, coalesce("name", '')), 'A') ||
      setweight(to_tsvector('english'::regconfig, coalesce("name", '')), 'A') ||
      setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
    ) STORED,

    CONSTRAINT "ColumnDefinition_pkey" PRIMARY KEY ("tenantId","id")
);

ALTER TABLE "ColumnDefinition" ADD CONSTRAINT "ColumnDefinition_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing columns get their definitions. The id is core/manifest/columnDefinition.ts computed
-- in SQL: sha256 of "<name length>:<name><description>", first 32 hex digits, with an empty
-- description counted as none.
ALTER TABLE "Column" ADD COLUMN "definitionId" TEXT;

UPDATE "Column" SET "definitionId" = left(encode(sha256(convert_to(
  char_length("name")::text || ':' || "name" || coalesce(CASE WHEN btrim("description", E' \t\n\r\f\v') = '' THEN NULL ELSE "description" END, ''),
  'UTF8')), 'hex'), 32);

INSERT INTO "ColumnDefinition" ("tenantId", "id", "name", "description")
SELECT DISTINCT ON ("tenantId", "definitionId") "tenantId", "definitionId", "name",
       CASE WHEN btrim("description", E' \t\n\r\f\v') = '' THEN NULL ELSE "description" END
FROM "Column"
ORDER BY "tenantId", "definitionId";

ALTER TABLE "Column" ALTER COLUMN "definitionId" SET NOT NULL;

CREATE INDEX "Column_tenantId_definitionId_idx" ON "Column"("tenantId", "definitionId");

-- Search reads column text through definitions now.
DROP INDEX "Column_searchVector_idx";
DROP INDEX "Column_name_trgm_idx";
DROP INDEX "Column_tenantId_lower_name_idx";
ALTER TABLE "Column" DROP COLUMN "searchVector";

-- Typo-tolerant name matches, and exact and prefix name matches in byte order, as for assets.
CREATE INDEX "ColumnDefinition_searchVector_idx" ON "ColumnDefinition" USING GIN ("searchVector");
CREATE INDEX "ColumnDefinition_name_trgm_idx" ON "ColumnDefinition" USING GIN (lower("name") gin_trgm_ops);
CREATE INDEX "ColumnDefinition_tenantId_lower_name_idx" ON "ColumnDefinition" ("tenantId", lower("name") COLLATE "C");
