/**
 * `tributary export openlineage` as a real process against a real server: the jaffle_shop
 * project's lineage as JSON lines, each event valid against the bundled spec schemas; and the
 * round trip, posted with `--post` into a second tenant through the OpenLineage batch endpoint,
 * where the table and column lineage (as edges between relation names) equal the first tenant's.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventValidator } from "../../src/core/openlineage/eventValidator.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const example = (file: string) => JSON.parse(readFileSync(new URL(`../../examples/jaffle_shop/${file}`, import.meta.url), "utf8")) as unknown;
const NAMESPACE = "duckdb://jaffle_shop";

/** How the test names a relation: `database.schema.table` unquoted; a relation given as an expression (read_csv) by database, schema and name. */
function relationOf(asset: { relationName: string | null; database: string | null; schema: string | null; name: string }): string {
  if (asset.relationName && !asset.relationName.includes("(")) return asset.relationName.replaceAll('"', "");
  return [asset.database, asset.schema, asset.name].join(".");
}

/** Our column transforms as OpenLineage writes them. */
const TRANSFORMATION: Record<string, string> = {
  DIRECT: "DIRECT/IDENTITY",
  TRANSFORMED: "DIRECT/TRANSFORMATION",
  AGGREGATED: "DIRECT/AGGREGATION",
  FILTER: "INDIRECT/FILTER",
  JOIN: "INDIRECT/JOIN",
  GROUP_BY: "INDIRECT/GROUP_BY",
  SORT: "INDIRECT/SORT",
  WINDOW: "INDIRECT/WINDOW",
};
const RELATION_KINDS = ["MODEL", "SEED", "SNAPSHOT", "SOURCE"] as const;

/** The dbt tenant's lineage between relations: table edges, and column edges with row dependencies expanded. */
async function dbtLineage(prisma: PrismaClient, tenantId: string) {
  const relation = { select: { relationName: true, database: true, schema: true, name: true, kind: true } } as const;
  const tables = (await prisma.lineageEdge.findMany({ where: { tenantId }, select: { from: relation, to: relation } }))
    .filter((e) => RELATION_KINDS.includes(e.from.kind as never) && RELATION_KINDS.includes(e.to.kind as never))
    .map((e) => `${relationOf(e.from)} -> ${relationOf(e.to)}`);
  const column = { select: { name: true, asset: relation } } as const;
  const columns = (await prisma.columnLineageEdge.findMany({ where: { tenantId }, select: { from: column, to: column, transform: true } }))
    // Relations only: a semantic model's measures read the mart's columns too, but are no table.
    .filter((e) => RELATION_KINDS.includes(e.from.asset.kind as never) && RELATION_KINDS.includes(e.to.asset.kind as never))
    .map((e) => `${relationOf(e.from.asset)}.${e.from.name} -> ${relationOf(e.to.asset)}.${e.to.name} ${TRANSFORMATION[e.transform]}`,
  );
  for (const dependency of await prisma.modelColumnDependency.findMany({ where: { tenantId, asset: { kind: { in: [...RELATION_KINDS] } } }, include: { asset: { include: { columns: { where: { removedAt: null } } } } } })) {
    const from = await prisma.column.findFirstOrThrow({ where: { tenantId, id: dependency.fromColumnId }, include: { asset: true } });
    for (const to of dependency.asset.columns) columns.push(`${relationOf(from.asset)}.${from.name} -> ${relationOf(dependency.asset)}.${to.name} ${TRANSFORMATION[dependency.transform]}`);
  }
  return { tables: [...new Set(tables)].sort(), columns: [...new Set(columns)].sort() };
}

/**
 * What the receiving tenant holds: its catalog's edges input dataset → job → output dataset, as
 * edges between the datasets' names, and the column lineage its datasets' stored
 * `columnLineage` facets name.
 */
async function openLineageLineage(prisma: PrismaClient, tenantId: string) {
  const name = (uniqueId: string) => uniqueId.slice(`dataset:${NAMESPACE}:`.length);
  const edges = await prisma.lineageEdge.findMany({ where: { tenantId }, select: { from: { select: { uniqueId: true, kind: true } }, to: { select: { uniqueId: true, kind: true } } } });
  const tables = edges
    .filter((into) => into.to.kind === "JOB")
    .flatMap((into) => edges.filter((out) => out.from.uniqueId === into.to.uniqueId && out.to.kind === "DATASET").map((out) => `${name(into.from.uniqueId)} -> ${name(out.to.uniqueId)}`));
  const facets = await prisma.openLineageFacet.findMany({ where: { tenantId, owner: "DATASET", name: "columnLineage" } });
  const columns = facets.flatMap((facet) => {
    const [, output] = JSON.parse(facet.ownerKey) as [string, string];
    const fields = (facet.value as { fields: Record<string, { inputFields: { name: string; field: string; transformations: { type: string; subtype: string }[] }[] }> }).fields;
    return Object.entries(fields).flatMap(([column, { inputFields }]) =>
      inputFields.flatMap((input) => input.transformations.map((t) => `${input.name}.${input.field} -> ${output}.${column} ${t.type}/${t.subtype}`)),
    );
  });
  return { tables: [...new Set(tables)].sort(), columns: [...new Set(columns)].sort() };
}

describe("tributary export openlineage", () => {
  let server: TestServer;
  let origin: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer();
    origin = await server.tenant("origin");
    const posted = await server.postManifest(origin.token, { project: "jaffle_shop", mode: "apply", manifest: example("manifest.json"), catalog: example("catalog.json") });
    expect(posted.status).toBe(200);
  });
  afterAll(() => server.stop());

  const exportLines = async (extra: string[] = []) => {
    const result = await runCli(["export", "openlineage", "--project", "jaffle_shop", "--server", server.url, "--token", origin.token, ...extra]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it("prints the project's lineage as JobEvents and DatasetEvents, every one valid against the spec", async () => {
    const events = await exportLines();
    const validator = new EventValidator();
    for (const event of events) expect(validator.validate(event)).toMatchObject({ ok: true, leniencies: [] });

    const datasets = events.filter((e) => e.dataset);
    const jobs = events.filter((e) => e.job);
    expect(datasets.map((e) => e.dataset.name)).toContain("jaffle_shop.prod.orders");
    expect(datasets.map((e) => e.dataset.name)).toContain("jaffle_shop.jaffle-shop-data.raw_orders");
    expect(jobs.map((e) => e.job.name)).toEqual(expect.arrayContaining(["model.jaffle_shop.orders", "model.jaffle_shop.stg_orders"]));

    const orders = datasets.find((e) => e.dataset.name === "jaffle_shop.prod.orders")!.dataset;
    expect(orders.namespace).toBe(NAMESPACE);
    expect(orders.facets.schema.fields).toContainEqual(expect.objectContaining({ name: "order_id", type: expect.any(String) }));
    expect(orders.facets.documentation.description).toMatch(/\w/);
    expect(orders.facets.ownership.owners.length).toBeGreaterThan(0);

    const build = jobs.find((e) => e.job.name === "model.jaffle_shop.orders")!;
    expect(build.inputs.map((d: { name: string }) => d.name)).toEqual(["jaffle_shop.prod.stg_orders", "jaffle_shop.prod.stg_payments"]);
    expect(build.outputs).toHaveLength(1);
    expect(build.outputs[0].facets.columnLineage.fields.order_id.inputFields).toContainEqual({
      namespace: NAMESPACE,
      name: "jaffle_shop.prod.stg_orders",
      field: "order_id",
      transformations: [{ type: "DIRECT", subtype: "IDENTITY" }, { type: "INDIRECT", subtype: "JOIN" }],
    });
    // The dashboard reads the mart: a job with inputs and no output.
    expect(jobs.find((e) => e.job.name.startsWith("exposure."))).toMatchObject({ outputs: [], inputs: expect.arrayContaining([expect.objectContaining({ name: expect.stringMatching(/^jaffle_shop\.prod\./) })]) });

    // The same catalog exports the same lines.
    expect(await exportLines()).toEqual(events);
  });

  it("posts them into a second tenant, which then has the same table and column lineage", async () => {
    const copy = await server.tenant("copy");
    const posted = await runCli(["export", "openlineage", "--project", "jaffle_shop", "--server", server.url, "--token", origin.token, "--post", server.url, "--api-key", copy.token]);
    expect(posted.stderr).toBe("");
    expect(posted.code).toBe(0);
    const events = await exportLines();
    expect(posted.stdout).toBe(`Posted ${events.length} OpenLineage events of jaffle_shop to ${server.url}: ${events.length} taken (0 already known), 0 refused\n`);

    const prisma = server.database.db.prisma;
    const expected = await dbtLineage(prisma, origin.id);
    expect(expected.tables.length).toBeGreaterThan(5);
    expect(expected.columns.length).toBeGreaterThan(20);
    expect(await openLineageLineage(prisma, copy.id)).toEqual(expected);

    // Descriptions came along: the copy's dataset of the mart is described as the mart is.
    const mart = await prisma.asset.findFirstOrThrow({ where: { tenantId: origin.id, uniqueId: "model.jaffle_shop.orders" } });
    const dataset = await prisma.asset.findFirstOrThrow({ where: { tenantId: copy.id, uniqueId: `dataset:${NAMESPACE}:jaffle_shop.prod.orders` } });
    expect(dataset.description).toBe(mart.description);

    // Posting again, one event per request to the single-event endpoint, takes nothing new.
    const again = await runCli(["export", "openlineage", "--project", "jaffle_shop", "--server", server.url, "--token", origin.token, "--post", `${server.url}/api/v1/lineage`], { OPENLINEAGE_API_KEY: copy.token });
    expect(again).toMatchObject({ code: 0, stdout: `Posted ${events.length} OpenLineage events of jaffle_shop to ${server.url}: ${events.length} taken (${events.length} already known), 0 refused\n` });
  });

  it("says what is wrong: an unknown project, a missing API key, a refused key", async () => {
    const unknown = await runCli(["export", "openlineage", "--project", "nope", "--server", server.url, "--token", origin.token]);
    expect(unknown).toMatchObject({ code: 1, stdout: "", stderr: expect.stringContaining('NOT_FOUND: Project "nope" was not found') });
    const noKey = await runCli(["export", "openlineage", "--project", "jaffle_shop", "--server", server.url, "--token", origin.token, "--post", server.url], { OPENLINEAGE_API_KEY: "" });
    expect(noKey).toMatchObject({ code: 2, stderr: expect.stringContaining("--post needs the consumer's API key") });
    const refused = await runCli(["export", "openlineage", "--project", "jaffle_shop", "--server", server.url, "--token", origin.token, "--post", server.url, "--api-key", "trb_wrong"]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("answered 401") });
  });
});
