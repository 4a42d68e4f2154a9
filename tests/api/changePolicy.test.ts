import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

const manifest = (description: string | null) => ({
  format: "tributary/v1",
  project: "finance",
  models: [
    { name: "stg_orders", sql: "select 1 as order_id", columns: [{ name: "order_id", tests: ["unique", "not_null"] }] },
    {
      name: "revenue",
      layer: "mart",
      sql: "select order_id from {{ ref('stg_orders') }}",
      ...(description ? { description } : {}),
      owners: ["ana@fin.test"],
      columns: [{ name: "order_id", description: "Order", tests: ["unique", "not_null", { accepted_values: { values: [1] } }] }],
    },
  ],
});

describe("tenant change policy", () => {
  let server: TestServer;
  let admin: string;

  const submit = (mode: "APPLY" | "PROPOSE", description: string | null) =>
    server.graphql<{ submitManifest: { status: string; verdict: string; findings: { code: string; blocking: boolean }[]; coverage: { layer: string; after: Record<string, number> }[] } }>(
      admin,
      `mutation($input: SubmitManifestInput!) { submitManifest(input: $input) { status verdict findings { code blocking } coverage } }`,
      { input: { project: "finance", mode, branch: mode === "APPLY" ? "main" : "feat/docs", manifest: manifest(description) } },
    );

  beforeAll(async () => {
    server = await startTestServer();
    admin = (await server.tenant("policy")).token;
  });
  afterAll(() => server.stop());

  it("reports findings, and blocks on the codes the tenant's policy lists", async () => {
    const first = await submit("APPLY", "Revenue per order");
    expect(first.body.data?.submitManifest).toMatchObject({ status: "APPLIED", verdict: "APPLIED" });
    const mart = first.body.data!.submitManifest.coverage.find((c) => c.layer === "MART")!;
    expect(mart.after).toMatchObject({ models: 1, documentedModels: 1, modelsWithTests: 1, testedColumnsPct: 100 });

    const warned = await submit("PROPOSE", null);
    expect(warned.body.data?.submitManifest.findings).toContainEqual({ code: "MART_DESCRIPTION_MISSING", blocking: false });
    expect(warned.body.data?.submitManifest.verdict).not.toBe("BLOCKED");

    const set = await server.graphql<{ setChangePolicy: { findings: { blocking: string[] } } }>(
      admin,
      `mutation { setChangePolicy(policy: { findings: { blocking: ["MART_DESCRIPTION_MISSING"] } }) }`,
    );
    expect(set.body.data?.setChangePolicy.findings.blocking).toEqual(["MART_DESCRIPTION_MISSING"]);
    const blocked = await submit("PROPOSE", null);
    expect(blocked.body.data?.submitManifest).toMatchObject({ status: "PROPOSED", verdict: "BLOCKED" });
    const refused = await submit("APPLY", null);
    expect(refused.body.data?.submitManifest).toMatchObject({ status: "BLOCKED", verdict: "BLOCKED" });

    const audit = await server.graphql<{ auditEvents: { nodes: { action: string }[] } }>(admin, `{ auditEvents(first: 50) { nodes { action } } }`);
    expect(audit.body.data?.auditEvents.nodes.map((n) => n.action)).toContain("policy.set");
  });

  it("refuses an invalid policy with one error naming the field", async () => {
    const bad = await server.graphql(admin, `mutation { setChangePolicy(policy: { approvals: { mode: "SOMETIMES" } }) }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.body.errors?.[0]?.message).toContain("$.policy.approvals.mode");
  });
});
