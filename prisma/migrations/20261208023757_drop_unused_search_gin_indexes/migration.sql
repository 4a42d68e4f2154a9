-- Search builds its own in-memory index from the stored lexemes (services/search/searchIndexes.ts)
-- and no query matches Asset or ColumnDefinition vectors with @@, so these GIN indexes were only
-- upkeep: about a fifth of a ColumnDefinition row's insert (issue 13). Owner's stays: owners are
-- still matched in SQL.

-- DropIndex
DROP INDEX "Asset_searchVector_idx";

-- DropIndex
DROP INDEX "ColumnDefinition_searchVector_idx";
