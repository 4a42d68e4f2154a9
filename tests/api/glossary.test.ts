/** The glossary over HTTP: terms managed by OWNER and ADMIN tokens, audited, linked from manifests and the API, found by search. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/tokens.js";
import { operatorContext } from "../../src/services/tenants.js";
import { conflictFixture } from "../support/definitionFixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

const TERM_FIELDS = `id name definition synonyms abbreviations status owner { email } implementations { asset { uniqueId } column linkedBy }`;

describe("glossary terms over HTTP", () => {
  let server: TestServer;
  let admin: string;
  let reader: string;
  let owner: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = (await server.tenant("acme")).token;
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    reader = (await createToken(ctx, { name: "reader", role: "READER" })).secret;
    owner = (await createToken(ctx, { name: "owner", role: "OWNER", ownerEmail: "olga@acme.example" })).secret;
    const marketing = conflictFixture("marketing");
    // The marketing mart links its column to the term by its abbreviation, in meta.
    const models = marketing.models as { name: string; columns: { name: string; meta?: object }[] }[];
    models[1]!.columns[3]!.meta = { tributary: { terms: ["CAC"] } };
    for (const manifest of [marketing, conflictFixture("finance")]) {
      const { status } = await server.postManifest(admin, { project: manifest.project, mode: "apply", manifest });
      expect(status).toBe(200);
    }
  });
  afterAll(() => server.stop());

  it("lets OWNER and ADMIN create, change and delete terms, audited; READER only reads", async () => {
    const create = `mutation($input: GlossaryTermInput!) { createGlossaryTerm(input: $input) { ${TERM_FIELDS} } }`;
    const denied = (await server.graphql(reader, create, { input: { name: "Churn", definition: "Customers lost." } })).body;
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const created = (await server.graphql<{ createGlossaryTerm: { id: string; status: string; owner: { email: string } } }>(owner, create, {
      input: { name: "Customer acquisition cost", definition: "What it costs to win one new customer.", abbreviations: ["CAC"], ownerEmail: "mia@marketing.example" },
    })).body;
    expect(created.errors).toBeUndefined();
    expect(created.data!.createGlossaryTerm).toMatchObject({ status: "DRAFT", owner: { email: "mia@marketing.example" } });

    const duplicate = (await server.graphql(admin, create, { input: { name: "customer_acquisition_cost", definition: "Again." } })).body;
    expect(duplicate.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const bad = (await server.graphql(admin, create, { input: { name: "  ", definition: "x" } })).body;
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(bad.errors?.[0]?.message).toContain("$.input.name");

    const id = created.data!.createGlossaryTerm.id;
    const updated = (await server.graphql<{ updateGlossaryTerm: { status: string; synonyms: string[]; abbreviations: string[] } }>(
      admin,
      `mutation($id: ID!, $input: GlossaryTermUpdate!) { updateGlossaryTerm(id: $id, input: $input) { status synonyms abbreviations } }`,
      { id, input: { status: "APPROVED", synonyms: ["cost per acquisition"] } },
    )).body;
    expect(updated.data!.updateGlossaryTerm).toEqual({ status: "APPROVED", synonyms: ["cost per acquisition"], abbreviations: ["CAC"] });

    const ctx = await operatorContext(server.database.db.prisma, "acme");
    const audits = await ctx.db.auditEvent.findMany({ where: { targetType: "GlossaryTerm" }, orderBy: { at: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["glossary.term.create", "glossary.term.update"]);

    const churn = (await server.graphql<{ createGlossaryTerm: { id: string } }>(admin, create, { input: { name: "Churn", definition: "Customers lost." } })).body;
    const deleted = (await server.graphql<{ deleteGlossaryTerm: string }>(owner, `mutation($id: ID!) { deleteGlossaryTerm(id: $id) }`, { id: churn.data!.createGlossaryTerm.id })).body;
    expect(deleted.data!.deleteGlossaryTerm).toBe(churn.data!.createGlossaryTerm.id);
    const list = (await server.graphql<{ glossaryTerms: { totalCount: number; nodes: { name: string }[] } }>(reader, `{ glossaryTerms { totalCount nodes { name } } }`)).body;
    expect(list.data!.glossaryTerms).toEqual({ totalCount: 1, nodes: [{ name: "Customer acquisition cost" }] });
  });

  it("finds a term by any of its names, with its implementations: linked in meta, linked by a person, or named by it", async () => {
    const byName = `query($name: String!) { glossaryTerm(name: $name) { ${TERM_FIELDS} } }`;
    const found = (await server.graphql<{ glossaryTerm: { name: string; implementations: { asset: { uniqueId: string }; column: string; linkedBy: string }[] } }>(reader, byName, { name: "cac" })).body;
    expect(found.data!.glossaryTerm.name).toBe("Customer acquisition cost");
    expect(found.data!.glossaryTerm.implementations).toEqual([
      { asset: { uniqueId: "model.finance.unit_economics" }, column: "customer_acquisition_cost", linkedBy: "NAME" },
      { asset: { uniqueId: "model.marketing.acquisition_funnel" }, column: "customer_acquisition_cost", linkedBy: "LINK" },
    ]);

    const assets = (await server.graphql<{ assets: { nodes: { id: string; uniqueId: string }[] } }>(reader, `{ assets(first: 50) { nodes { id uniqueId } } }`)).body;
    const spend = assets.data!.assets.nodes.find((a) => a.uniqueId === "model.marketing.acquisition_funnel")!;
    const link = `mutation($input: TermLinkInput!) { linkGlossaryTerm(input: $input) { name } }`;
    const term = (await server.graphql<{ glossaryTerm: { id: string } }>(reader, `{ glossaryTerm(name: "CAC") { id } }`)).body;
    const missingColumn = (await server.graphql(owner, link, { input: { termId: term.data!.glossaryTerm.id, assetId: spend.id, columnName: "nope" } })).body;
    expect(missingColumn.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const linked = (await server.graphql(owner, link, { input: { termId: term.data!.glossaryTerm.id, assetId: spend.id, columnName: "ad_spend" } })).body;
    expect(linked.errors).toBeUndefined();
    const after = (await server.graphql<{ glossaryTerm: { implementations: { column: string; linkedBy: string }[] } }>(reader, byName, { name: "Customer Acquisition Cost" })).body;
    expect(after.data!.glossaryTerm.implementations).toContainEqual({ asset: { uniqueId: "model.marketing.acquisition_funnel" }, column: "ad_spend", linkedBy: "LINK" });
  });
});
