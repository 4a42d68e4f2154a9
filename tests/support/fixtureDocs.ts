import { existsSync, readFileSync } from "node:fs";
import { fixturePath } from "./fixtures.js";

/** The dbt fixture projects: where their manifest (and catalog) live. */
export const DBT_FIXTURES = [
  { name: "jaffle_base", dir: ["jaffle_shop_duckdb", "base"] },
  { name: "jaffle_pr2", dir: ["jaffle_shop_duckdb", "pr2"] },
  { name: "hubspot", dir: ["fivetran_hubspot"] },
  { name: "jira_v4", dir: ["fivetran_jira_v4_bigquery"] },
  ...["v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12"].map((v) => ({ name: `dbt_core_${v}`, dir: ["dbt_core_schema_versions", v] })),
];

export function readFixture(dir: string[]): { manifest: unknown; catalog?: unknown } {
  const read = (file: string) => JSON.parse(readFileSync(fixturePath(...dir, file), "utf8")) as unknown;
  return {
    manifest: read("manifest.json"),
    ...(existsSync(fixturePath(...dir, "catalog.json")) ? { catalog: read("catalog.json") } : {}),
  };
}
