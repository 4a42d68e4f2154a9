/**
 * Metrics feed the conflict detector (tests/fixtures/built/metric_conflict): marketing's dbt 1.8
 * ratio metric and finance's dbt 1.5 derived metric both define customer_acquisition_cost, with
 * different denominators. Over HTTP: the post that introduces it raises the finding, the conflict
 * shows both formulas resolved side by side, certifying one changes search ranking, and a column
 * of the same concept joins the same conflict.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { conflictFixture } from "../support/definitionFixtures.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", "metric_conflict", `${name}.json`), "utf8")) as Json;

const CONFLICTS = `query($project: String) { definitionConflicts(project: $project, first: 10) { totalCount nodes { concept differences resolved
  definitions { project column name summary asset { id uniqueId kind } formula { expression aggregations upstream filters grain } description owners { email } status } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 20) { hits { kind certified definitionStatus asset { uniqueId kind } column { name } } } }`;

describe("conflicting metric definitions over HTTP", () => {
  let server: TestServer;
  let token: string;
  let financePost: Json;

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
    for (const project of ["marketing", "finance"]) {
      const { status, body } = await server.postManifest(token, { project, mode: "apply", manifest: fixture(project) });
      expect(status, JSON.stringify(body)).toBe(200);
      financePost = body;
    }
  });
  afterAll(() => server.stop());

  it("shows the two metrics' formulas resolved side by side, down to their denominators", async () => {
    const { definitionConflicts } = await server.data(token, CONFLICTS);
    expect(definitionConflicts.totalCount).toBe(1);
    const [conflict] = definitionConflicts.nodes;
    expect(conflict).toMatchObject({ concept: "customer acquisition cost", resolved: false });
    // Both aggregate a sum over a distinct count: the aggregations agree, the rest does not.
    expect(conflict.differences).toEqual(["FORMULA", "UPSTREAM", "FILTERS", "GRAIN", "DESCRIPTION"]);
    expect(conflict.definitions).toEqual([
      {
        project: "finance",
        column: null,
        name: "customer_acquisition_cost",
        summary: "sales_and_marketing_cost / first_time_payers, by booking_date, at month grain",
        asset: { id: expect.any(String), uniqueId: "metric.finance.customer_acquisition_cost", kind: "METRIC" },
        formula: {
          expression: "(sum(sales_and_marketing_cost)) / (count(distinct paying_customer_id) where is_first_payment = true)",
          aggregations: ["sum", "count distinct"],
          upstream: ["payments.paying_customer_id", "payments.sales_and_marketing_cost"],
          filters: ["is_first_payment = true"],
          grain: ["month"],
        },
        description: "All sales and marketing cost divided by the customers who paid for the first time.",
        owners: [{ email: "fred@finance.example" }],
        status: null,
      },
      {
        project: "marketing",
        column: null,
        name: "customer_acquisition_cost",
        summary: "ad_spend / new_customers",
        asset: { id: expect.any(String), uniqueId: "metric.marketing.customer_acquisition_cost", kind: "METRIC" },
        formula: {
          expression: "(sum(ad_spend)) / (count(distinct new_customer_id))",
          aggregations: ["sum", "count distinct"],
          upstream: ["campaign_performance.ad_spend", "campaign_performance.new_customer_id"],
          filters: [],
          grain: [],
        },
        description: "Advertising spend divided by the customers campaigns acquired.",
        owners: [{ email: "mia@marketing.example" }],
        status: null,
      },
    ]);
  });

  it("raised the finding on the post that introduced the conflict", () => {
    const findings = (financePost.findings as Json[]).filter((f) => f.code === "DEFINITION_CONFLICT");
    expect(findings).toEqual([
      expect.objectContaining({
        assetUniqueId: "metric.finance.customer_acquisition_cost",
        message: expect.stringContaining("defines \"customer acquisition cost\" differently from marketing's customer_acquisition_cost"),
      }),
    ]);
  });

  it("ranks the certified metric first once an owner certifies it", async () => {
    const metricHits = async () =>
      (await server.data<{ search: { hits: Json[] } }>(token, SEARCH, { q: "customer_acquisition_cost" })).search.hits.filter((h) => h.asset?.kind === "METRIC" && !h.column);
    const before = await metricHits();
    expect(before.map((h) => h.asset.uniqueId).sort()).toEqual(["metric.finance.customer_acquisition_cost", "metric.marketing.customer_acquisition_cost"]);
    expect(before.every((h) => !h.certified)).toBe(true);

    const { definitionConflicts } = await server.data(token, CONFLICTS);
    const second = (definitionConflicts.nodes[0].definitions as Json[]).find((d) => d.asset.uniqueId === before[1]!.asset.uniqueId)!;
    const marked = await server.data(token, `mutation($input: MarkDefinitionInput!) { markDefinition(input: $input) { column status } }`, {
      input: { assetId: second.asset.id, status: "CANONICAL", note: "The board reports this one." },
    });
    expect(marked.markDefinition).toEqual({ column: null, status: "CANONICAL" });

    const after = await metricHits();
    expect(after.map((h) => [h.asset.uniqueId, h.certified, h.definitionStatus])).toEqual([
      [before[1]!.asset.uniqueId, true, "CANONICAL"],
      [before[0]!.asset.uniqueId, false, null],
    ]);
  });

  it("puts a mart column of the same concept into the same conflict as the metrics", async () => {
    const column = conflictFixture("finance");
    column.project = "controlling";
    expect((await server.postManifest(token, { project: "controlling", mode: "apply", manifest: column })).status).toBe(200);
    const { definitionConflicts } = await server.data(token, CONFLICTS, { project: "controlling" });
    expect(definitionConflicts.totalCount).toBe(1);
    expect((definitionConflicts.nodes[0].definitions as Json[]).map((d) => [d.project, d.asset.kind, d.column])).toEqual([
      ["controlling", "MODEL", "customer_acquisition_cost"],
      ["finance", "METRIC", null],
      ["marketing", "METRIC", null],
    ]);
  });
});
