/** The change-process fixture: jaffle_shop's base and pr2 with an owned mart and an exposure. */
import { readFixture } from "./fixtureDocs.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Gives the customers mart an owner and a dashboard downstream; optionally drops a column. */
export function jaffle(which: "base" | "pr2", dropFirstName = false): { manifest: Json; catalog: Json } {
  const { manifest, catalog } = structuredClone(readFixture(["jaffle_shop_duckdb", which])) as { manifest: Json; catalog: Json };
  const customers = manifest.nodes["model.jaffle_shop.customers"];
  customers.meta = { owner: "ana@jaffle.test" };
  customers.config.meta = { owner: "ana@jaffle.test" };
  manifest.exposures["exposure.jaffle_shop.weekly_kpis"] = {
    name: "weekly_kpis", resource_type: "exposure", package_name: "jaffle_shop", path: "exposures.yml", original_file_path: "models/exposures.yml",
    unique_id: "exposure.jaffle_shop.weekly_kpis", fqn: ["jaffle_shop", "weekly_kpis"], type: "dashboard",
    owner: { email: "cfo@jaffle.test", name: "CFO" }, description: "Weekly KPIs for the board", label: null, maturity: "high",
    meta: {}, tags: [], config: { enabled: true, tags: [], meta: {} }, unrendered_config: {}, url: "https://bi.jaffle.test/kpis",
    depends_on: { macros: [], nodes: ["model.jaffle_shop.customers"] }, refs: [{ name: "customers", package: null, version: null }], sources: [], metrics: [], created_at: 1,
  };
  if (dropFirstName) {
    delete customers.columns.first_name;
    delete catalog.nodes["model.jaffle_shop.customers"].columns.first_name;
  }
  return { manifest, catalog };
}
