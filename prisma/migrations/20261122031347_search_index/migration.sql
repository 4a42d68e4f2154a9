-- Search over assets, columns and owners. PostgreSQL maintains everything here on every write
-- (generated columns, GIN and btree indexes), so ingestion needs no search step and a query
-- never rebuilds anything. Prisma cannot express generated tsvector columns or expression
-- indexes. schema.prisma declares the columns as Unsupported("tsvector") so drift checks agree.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Name words weigh A ('simple' keeps them unstemmed for exact word hits, 'english' adds the
-- stems so "customers" finds "customer"), descriptions weigh C.
ALTER TABLE "Asset" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english'::regconfig, coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
) STORED;

ALTER TABLE "Column" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english'::regconfig, coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
) STORED;

ALTER TABLE "Owner" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce("name", '') || ' ' || coalesce("handle", '')), 'A') ||
  setweight(to_tsvector('simple'::regconfig, coalesce("email", '')), 'B')
) STORED;

-- Full-text matches.
CREATE INDEX "Asset_searchVector_idx" ON "Asset" USING GIN ("searchVector");
CREATE INDEX "Column_searchVector_idx" ON "Column" USING GIN ("searchVector");
CREATE INDEX "Owner_searchVector_idx" ON "Owner" USING GIN ("searchVector");

-- Typo-tolerant name matches (pg_trgm similarity) and LIKE '%…%'.
CREATE INDEX "Asset_name_trgm_idx" ON "Asset" USING GIN (lower("name") gin_trgm_ops);
CREATE INDEX "Column_name_trgm_idx" ON "Column" USING GIN (lower("name") gin_trgm_ops);

-- Exact and prefix name matches (autocomplete) per tenant, in byte order so LIKE 'ab%' and
-- the skip scan of distinct column names can use them.
CREATE INDEX "Asset_tenantId_lower_name_idx" ON "Asset" ("tenantId", lower("name") COLLATE "C");
CREATE INDEX "Column_tenantId_lower_name_idx" ON "Column" ("tenantId", lower("name") COLLATE "C");
