/** Conflicting business definitions over HTTP: found across projects, side by side, certified, and ranked by search. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/tokens.js";
import { operatorContext } from "../../src/services/tenants.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { conflictFixture } from "../support/definitionFixtures.js";

type Definition = {
  project: string;
  column: string;
  asset: { id: string; uniqueId: string };
  formula: { expression: string; aggregations: string[]; upstream: string[]; filters: string[]; grain: string[] };
  description: string;
  owners: { email: string }[];
  status: string | null;
};
type Conflicts = { definitionConflicts: { totalCount: number; nodes: { concept: string; differences: string[]; resolved: boolean; definitions: Definition[] }[] } };

const CONFLICTS = `query($project: String, $first: Int, $after: String) {
  definitionConflicts(project: $project, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage }
    nodes { concept differences resolved term { name }
      definitions { project column asset { id uniqueId } formula { expression aggregations upstream filters grain } description owners { email } status } } } }`;

const SEARCH = `query($q: String!) { search(query: $q, first: 10) { hits { kind certified definitionStatus expandedFrom asset { uniqueId } column { name } term { name } } } }`;

describe("conflicting definitions over HTTP", () => {
  let server: TestServer;
  let admin: string;
  let reader: string;
  let financePost: { findings: { code: string; blocking: boolean; assetUniqueId: string; message: string }[] };

  beforeAll(async () => {
    server = await startTestServer();
    admin = (await server.tenant("acme")).token;
    reader = (await createToken(await operatorContext(server.database.db.prisma, "acme"), { name: "reader", role: "READER" })).secret;
    for (const manifest of [conflictFixture("marketing"), conflictFixture("finance")]) {
      const { status, body } = await server.postManifest(admin, { project: manifest.project, mode: "apply", manifest });
      expect(status).toBe(200);
      financePost = body as typeof financePost;
    }
  });
  afterAll(() => server.stop());

  it("shows two projects' customer acquisition cost side by side: formulas, descriptions, owners, upstream, and how they differ", async () => {
    const { definitionConflicts } = await server.data<Conflicts>(reader, CONFLICTS);
    expect(definitionConflicts.totalCount).toBe(1);
    const [conflict] = definitionConflicts.nodes;
    expect(conflict).toMatchObject({ concept: "customer acquisition cost", resolved: false });
    expect(conflict!.differences).toEqual(["FORMULA", "AGGREGATION", "UPSTREAM", "FILTERS", "GRAIN", "DESCRIPTION"]);
    const [finance, marketing] = conflict!.definitions;
    expect(finance).toMatchObject({
      project: "finance",
      column: "customer_acquisition_cost",
      asset: { uniqueId: "model.finance.unit_economics" },
      formula: {
        expression: "sum(sales_and_marketing_cost) / nullif(count(distinct paying_customer_id), 0)",
        aggregations: ["sum", "count distinct"],
        upstream: ["stg_ledger.paying_customer_id", "stg_ledger.sales_and_marketing_cost"],
        filters: ["stg_ledger.is_first_payment"],
        grain: ["stg_ledger.booking_month"],
      },
      owners: [{ email: "fred@finance.example" }],
      status: null,
    });
    // The marketing formula is computed in a CTE: the definition shows where it is computed.
    expect(marketing).toMatchObject({
      project: "marketing",
      formula: { expression: "ad_spend / nullif(new_customers, 0)", upstream: ["stg_campaign_events.ad_spend", "stg_campaign_events.new_customer_id"], filters: [] },
      description: "Advertising spend divided by the customers acquired in the month.",
      owners: [{ email: "mia@marketing.example" }],
    });
  });

  it("filters by project and pages like other lists", async () => {
    expect((await server.data<Conflicts>(reader, CONFLICTS, { project: "finance" })).definitionConflicts.totalCount).toBe(1);
    const empty = await server.data<Conflicts>(reader, CONFLICTS, { first: 0 });
    expect(empty.definitionConflicts).toMatchObject({ totalCount: 1, nodes: [], pageInfo: { hasNextPage: true } });
    const { body } = await server.graphql(reader, CONFLICTS, { project: "nope" });
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("certifying one definition resolves the conflict with the other deprecated, and search ranks the certified one first and says so", async () => {
    const before = await server.data<{ search: { hits: { certified: boolean; asset: { uniqueId: string } | null; column: { name: string } | null }[] } }>(reader, SEARCH, { q: "customer_acquisition_cost" });
    const columns = before.search.hits.filter((h) => h.column?.name === "customer_acquisition_cost");
    // Unmarked, the two match equally well (their order is the assets' storage order).
    expect(columns.map((h) => h.asset!.uniqueId).sort()).toEqual(["model.finance.unit_economics", "model.marketing.acquisition_funnel"]);
    expect(columns.every((h) => !h.certified)).toBe(true);

    const { definitionConflicts } = await server.data<Conflicts>(reader, CONFLICTS);
    const [finance, marketing] = definitionConflicts.nodes[0]!.definitions;
    const mark = `mutation($input: MarkDefinitionInput!) { markDefinition(input: $input) { column status note } }`;
    // Certifying the one that ranked second moves it first.
    const second = [finance!, marketing!].find((d) => d.asset.uniqueId === columns[1]!.asset!.uniqueId)!;
    await server.data(admin, mark, { input: { assetId: second.asset.id, columnName: "customer_acquisition_cost", status: "CANONICAL" } });
    const moved = await server.data<{ search: { hits: { certified: boolean; asset: { uniqueId: string } | null; column: { name: string } | null }[] } }>(reader, SEARCH, { q: "customer_acquisition_cost" });
    expect(moved.search.hits.filter((h) => h.column?.name === "customer_acquisition_cost").map((h) => [h.asset!.uniqueId, h.certified])).toEqual([
      [columns[1]!.asset!.uniqueId, true],
      [columns[0]!.asset!.uniqueId, false],
    ]);

    // The board settles it: finance's is canonical, marketing's deprecated.
    const denied = await server.graphql(reader, mark, { input: { assetId: finance!.asset.id, columnName: "customer_acquisition_cost", status: "CANONICAL" } });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const marked = await server.data<{ markDefinition: unknown }>(admin, mark, {
      input: { assetId: finance!.asset.id, columnName: "customer_acquisition_cost", status: "CANONICAL", note: "The board reports the finance figure." },
    });
    expect(marked.markDefinition).toEqual({ column: "customer_acquisition_cost", status: "CANONICAL", note: "The board reports the finance figure." });
    await server.data(admin, mark, { input: { assetId: marketing!.asset.id, columnName: "customer_acquisition_cost", status: "DEPRECATED" } });

    const after = await server.data<{ search: { hits: { certified: boolean; definitionStatus: string | null; asset: { uniqueId: string } | null; column: { name: string } | null }[] } }>(reader, SEARCH, { q: "customer_acquisition_cost" });
    const ranked = after.search.hits.filter((h) => h.column?.name === "customer_acquisition_cost");
    expect(ranked.map((h) => [h.asset!.uniqueId, h.certified, h.definitionStatus])).toEqual([
      ["model.finance.unit_economics", true, "CANONICAL"],
      ["model.marketing.acquisition_funnel", false, "DEPRECATED"],
    ]);
    const resolved = await server.data<Conflicts>(reader, CONFLICTS);
    expect(resolved.definitionConflicts.nodes[0]).toMatchObject({ resolved: true });
    expect(resolved.definitionConflicts.nodes[0]!.definitions.map((d) => d.status)).toEqual(["CANONICAL", "DEPRECATED"]);

    const bad = await server.graphql(admin, mark, { input: { assetId: marketing!.asset.id, columnName: "nope", status: "ALIAS" } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("expands a glossary abbreviation in search and leads from the term to its implementations", async () => {
    await server.data(admin, `mutation { createGlossaryTerm(input: { name: "Customer acquisition cost", definition: "What winning one new customer costs.", abbreviations: ["CAC"], status: APPROVED }) { id } }`);
    const { search } = await server.data<{ search: { hits: { kind: string; expandedFrom: string | null; term: { name: string } | null; column: { name: string } | null; asset: { uniqueId: string } | null }[] } }>(reader, SEARCH, { q: "CAC" });
    expect(search.hits[0]).toMatchObject({ kind: "TERM", term: { name: "Customer acquisition cost" } });
    const columns = search.hits.filter((h) => h.column?.name === "customer_acquisition_cost");
    expect(columns.map((h) => h.asset!.uniqueId)).toEqual(["model.finance.unit_economics", "model.marketing.acquisition_funnel"]);
    expect(columns[0]!.expandedFrom).toBe("customer acquisition cost");
    const term = await server.data<{ glossaryTerm: { implementations: { asset: { uniqueId: string }; status: string }[] } }>(reader, `{ glossaryTerm(name: "cac") { implementations { asset { uniqueId } status } } }`);
    expect(term.glossaryTerm.implementations).toEqual([
      { asset: { uniqueId: "model.finance.unit_economics" }, status: "CANONICAL" },
      { asset: { uniqueId: "model.marketing.acquisition_funnel" }, status: "DEPRECATED" },
    ]);
  });

  it("raises a finding on the post that introduced the conflict and notifies the owners of both definitions, once", async () => {
    expect(financePost.findings.filter((f) => f.code === "DEFINITION_CONFLICT")).toEqual([
      expect.objectContaining({ blocking: false, assetUniqueId: "model.finance.unit_economics", message: expect.stringContaining("marketing's acquisition_funnel.customer_acquisition_cost") }),
    ]);
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    const notified = await ctx.db.notification.findMany({ where: { event: "definition.conflict" }, include: { owner: true } });
    expect(notified.map((n) => n.owner.email).sort()).toEqual(["fred@finance.example", "mia@marketing.example"]);
    expect(notified[0]!.title).toBe('finance defines "customer acquisition cost" differently');
    // The same definitions posted again (a new git sha) notify nobody twice.
    const again = await server.postManifest(admin, { project: "finance", mode: "apply", gitSha: "b".repeat(40), manifest: conflictFixture("finance") });
    expect(again.status).toBe(200);
    expect(await ctx.db.notification.count({ where: { event: "definition.conflict" } })).toBe(2);
  });

  it("blocks a post that introduces a conflict when the tenant's policy says so, and holds layers to a documentation minimum", async () => {
    const policy = `mutation { setChangePolicy(policy: { findings: { blocking: ["DEFINITION_CONFLICT"] }, documentationCoverage: { STAGING: 95, MART: 95 } }) }`;
    expect((await server.graphql(admin, policy)).body.errors).toBeUndefined();
    const sales = conflictFixture("finance");
    sales.project = "sales";
    const models = sales.models as { sql: string }[];
    models[1]!.sql = models[1]!.sql.replace("where is_first_payment\n", "");
    const { body } = await server.postManifest(admin, { project: "sales", mode: "propose", branch: "feat/cac", manifest: sales });
    expect(body.verdict).toBe("BLOCKED");
    const findings = body.findings as { code: string; blocking: boolean; assetUniqueId: string; message: string }[];
    expect(findings.filter((f) => f.code === "DEFINITION_CONFLICT").map((f) => [f.assetUniqueId, f.blocking])).toEqual([["model.sales.unit_economics", true]]);
    // Staging models have no descriptions; the marts are fully documented.
    expect(findings.filter((f) => f.code === "DOCUMENTATION_COVERAGE_BELOW_MINIMUM")).toEqual([
      expect.objectContaining({ assetUniqueId: "layer:STAGING", blocking: false, message: "The staging layer documents 0 % of models and 0 % of columns; the tenant requires 95 %." }),
    ]);
    const bad = await server.graphql(admin, `mutation { setChangePolicy(policy: { documentationCoverage: { MART: 120 } }) }`);
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });
});
