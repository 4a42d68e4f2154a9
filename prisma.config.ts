// The Prisma CLI insists on a schema engine binary even for `generate`, which never
// runs it; on machines that cannot download the native engine any existing file will do.
// Migrations never go through the CLI: see src/db/migrator.ts (WASM schema engine).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "package.json";

import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
