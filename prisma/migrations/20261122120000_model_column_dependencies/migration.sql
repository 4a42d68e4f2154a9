-- Row dependencies once per model: a filter, join, grouping, sort or window column of a model's
-- SQL reaches every column of the model, and was stored as one ColumnLineageEdge per column
-- (262k rows for a 5k-model project, most of them these). Readers expand the one row per model.
-- Edges stored before stay valid as they are, and a model's are rewritten in the new form the
-- next time its SQL is analysed.
CREATE TABLE "ModelColumnDependency" (
    "tenantId" TEXT NOT NULL,
    "toAssetId" TEXT NOT NULL,
    "fromColumnId" TEXT NOT NULL,
    "transform" "ColumnTransform" NOT NULL,
    "fromAssetId" TEXT NOT NULL,

    CONSTRAINT "ModelColumnDependency_pkey" PRIMARY KEY ("tenantId","toAssetId","fromColumnId","transform")
);

CREATE INDEX "ModelColumnDependency_tenantId_fromColumnId_idx" ON "ModelColumnDependency"("tenantId", "fromColumnId");

CREATE INDEX "ModelColumnDependency_tenantId_fromAssetId_idx" ON "ModelColumnDependency"("tenantId", "fromAssetId");

ALTER TABLE "ModelColumnDependency" ADD CONSTRAINT "ModelColumnDependency_tenantId_toAssetId_fkey" FOREIGN KEY ("tenantId", "toAssetId") REFERENCES "Asset"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
