-- CreateTable
CREATE TABLE "OpenLineageSymlink" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targetNamespace" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,

    CONSTRAINT "OpenLineageSymlink_pkey" PRIMARY KEY ("tenantId","namespace","name","targetNamespace","targetName")
);

-- CreateTable
CREATE TABLE "OpenLineageNamespaceMapping" (
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenLineageNamespaceMapping_pkey" PRIMARY KEY ("tenantId","namespace")
);

-- AddForeignKey
ALTER TABLE "OpenLineageSymlink" ADD CONSTRAINT "OpenLineageSymlink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageNamespaceMapping" ADD CONSTRAINT "OpenLineageNamespaceMapping_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenLineageNamespaceMapping" ADD CONSTRAINT "OpenLineageNamespaceMapping_tenantId_projectId_fkey" FOREIGN KEY ("tenantId", "projectId") REFERENCES "Project"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
