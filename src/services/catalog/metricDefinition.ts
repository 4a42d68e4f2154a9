/**
 * A metric's definition in one place: its formula in plain terms, the measures and input
 * metrics it is built from, resolved down to the model columns they read, and where it is used
 * (exposures and saved queries, directly or through metrics built on it).
 *
 * Resolution follows the catalog, not names alone: a measure's columns are the column lineage
 * of the semantic model column that carries it (written at ingest from the SQL it stands for),
 * a legacy metric's are the columns of the model it declares as parent that its expression,
 * timestamp, dimensions and filters name. Input metrics are looked up by name in the metric's
 * project (dbt's names are unique per project) and resolved the same way; a cycle stops.
 */
import type DataLoader from "dataloader";
import { compareText } from "../../core/compareText.js";
import { legacyMetricColumns } from "../../core/metrics/expressionColumns.js";
import { metricFormula } from "../../core/metrics/formula.js";
import type { MeasureUse, MetricDefinition, MetricUse, SemanticMeasure, SemanticModelDefinition } from "../../core/manifest/semantic/definition.js";
import type { Asset, LineageEdge } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { mapLoader } from "../mapLoader.js";
import { groupBy } from "./groupBy.js";

export interface ResolvedColumn {
  asset: Asset;
  column: string;
}

export interface ResolvedMeasure {
  use: MeasureUse;
  measure: SemanticMeasure | null;
  semanticModel: Asset | null;
  columns: ResolvedColumn[];
}

export interface ResolvedInput {
  use: MetricUse;
  metric: Asset | null;
  formula: string | null;
}

export interface ResolvedMetric {
  definition: MetricDefinition;
  formula: string;
  measures: ResolvedMeasure[];
  inputs: ResolvedInput[];
  /** Every model column the metric reads in the end, through its measures and input metrics. */
  columns: ResolvedColumn[];
  /** Exposures and saved queries that use it, directly or through metrics built on it. */
  usedBy: Asset[];
}

interface ProjectSemantics {
  metrics: Map<string, { asset: Asset; definition: MetricDefinition }>;
  measures: Map<string, { asset: Asset; measure: SemanticMeasure }>;
}

type ParentEdge = LineageEdge & { from: Asset & { columns: { name: string }[] } };

/**
 * Metric definitions for one request. Every read goes through a loader, so a page of metrics
 * costs the statements of one: their rows, their projects' semantics, their parents, their
 * measures' column lineage and their users are each read once for the page (and once per metric
 * level for parents, which a legacy metric's inputs reach), never once per metric.
 */
export class MetricDefinitions {
  private readonly metricRows: DataLoader<string, { asset: Asset; definition: MetricDefinition } | null>;
  private readonly semantics: DataLoader<string, ProjectSemantics>;
  readonly parents: DataLoader<string, ParentEdge[]>;
  readonly measureColumns: DataLoader<string, ResolvedColumn[]>;
  private readonly users: DataLoader<string, Asset[]>;
  private readonly resolvers = new Map<string, Promise<MetricResolver>>();

  constructor(ctx: TenantContext) {
    this.metricRows = mapLoader((ids) => metricRows(ctx, ids), () => null);
    this.semantics = mapLoader((ids) => projectSemantics(ctx, ids), () => ({ metrics: new Map(), measures: new Map() }));
    this.parents = mapLoader((ids) => parentEdges(ctx, ids), () => []);
    this.measureColumns = mapLoader((keys) => measureColumns(ctx, keys), () => []);
    this.users = mapLoader((ids) => metricUsers(ctx, ids), () => []);
  }

  async of(assetId: string): Promise<ResolvedMetric | null> {
    const row = await this.metricRows.load(assetId);
    if (!row) return null;
    const resolver = await this.resolverOf(row.asset.projectId);
    const [measures, inputs, columns, usedBy] = await Promise.all([
      resolver.measures(row.definition),
      resolver.inputs(row.asset, row.definition),
      resolver.columnsOf(row.asset, row.definition, new Set()),
      this.users.load(row.asset.id),
    ]);
    return { definition: row.definition, formula: resolver.formula(row.definition), measures, inputs, columns, usedBy };
  }

  private resolverOf(projectId: string): Promise<MetricResolver> {
    let resolver = this.resolvers.get(projectId);
    if (!resolver) this.resolvers.set(projectId, (resolver = this.semantics.load(projectId).then((semantics) => new MetricResolver(this, semantics))));
    return resolver;
  }
}

async function metricRows(ctx: TenantContext, assetIds: readonly string[]) {
  const rows = await ctx.db.assetDefinition.findMany({ where: { assetId: { in: [...assetIds] }, kind: "metric" }, include: { asset: true } });
  return new Map(rows.map((row) => [row.assetId, { asset: row.asset, definition: row.definition as unknown as MetricDefinition }]));
}

async function projectSemantics(ctx: TenantContext, projectIds: readonly string[]): Promise<Map<string, ProjectSemantics>> {
  const rows = await ctx.db.assetDefinition.findMany({
    where: { kind: { in: ["metric", "semantic_model"] }, asset: { projectId: { in: [...projectIds] }, removedAt: null } },
    include: { asset: true },
    orderBy: { assetId: "asc" },
  });
  const byProject = new Map<string, ProjectSemantics>(projectIds.map((id) => [id, { metrics: new Map(), measures: new Map() }]));
  for (const row of rows) {
    const semantics = byProject.get(row.asset.projectId)!;
    if (row.kind === "metric") semantics.metrics.set(row.asset.name, { asset: row.asset, definition: row.definition as unknown as MetricDefinition });
    else {
      for (const measure of (row.definition as unknown as SemanticModelDefinition).measures) {
        if (!semantics.measures.has(measure.name)) semantics.measures.set(measure.name, { asset: row.asset, measure });
      }
    }
  }
  return byProject;
}

/** What a legacy metric is computed from: parent metrics, and the models (with their column names) it reads. */
async function parentEdges(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, ParentEdge[]>> {
  const edges = await ctx.db.lineageEdge.findMany({
    where: { toAssetId: { in: [...assetIds] }, from: { kind: { in: ["METRIC", ...MODEL_KINDS] }, removedAt: null } },
    include: { from: { include: { columns: { where: { removedAt: null }, select: { name: true } } } } },
    orderBy: { fromAssetId: "asc" },
  });
  return groupBy(edges, (edge) => edge.toAssetId);
}

const MODEL_KINDS = ["MODEL", "SEED", "SNAPSHOT", "SOURCE"] as const;

/** Keyed `semanticModelId NUL measure`: the columns feeding that semantic model column (its column lineage). */
async function measureColumns(ctx: TenantContext, keys: readonly string[]): Promise<Map<string, ResolvedColumn[]>> {
  const pairs = keys.map((key) => key.split("\u0000") as [string, string]);
  const edges = await ctx.db.columnLineageEdge.findMany({
    where: { toAssetId: { in: [...new Set(pairs.map(([id]) => id))] }, to: { name: { in: [...new Set(pairs.map(([, name]) => name))] }, removedAt: null }, from: { removedAt: null } },
    include: { from: { include: { asset: true } }, to: { select: { name: true } } },
  });
  const byKey = groupBy(edges, (edge) => measureKey(edge.toAssetId, edge.to.name));
  return new Map([...byKey].map(([key, found]) => [key, uniqueColumns(found.map((edge) => ({ asset: edge.from.asset, column: edge.from.name })))]));
}

function measureKey(semanticModelId: string, measure: string): string {
  return `${semanticModelId}\u0000${measure}`;
}

class MetricResolver {
  /** A legacy metric's inputs are asked again by every metric built on it. */
  private readonly inputsCache = new Map<string, Promise<ResolvedInput[]>>();

  constructor(
    private readonly loaders: Pick<MetricDefinitions, "parents" | "measureColumns">,
    private readonly semantics: ProjectSemantics,
  ) {}

  formula(definition: MetricDefinition): string {
    return metricFormula(definition, (name) => this.semantics.measures.get(name)?.measure);
  }

  async measures(definition: MetricDefinition): Promise<ResolvedMeasure[]> {
    const uses = [...definition.measures];
    const conversion = definition.conversion;
    for (const use of [conversion?.baseMeasure, conversion?.conversionMeasure]) if (use && !uses.some((u) => u.name === use.name)) uses.push(use);
    return Promise.all(
      uses.map(async (use) => {
        const found = this.semantics.measures.get(use.name);
        return {
          use,
          measure: found?.measure ?? null,
          semanticModel: found?.asset ?? null,
          columns: found ? await this.loaders.measureColumns.load(measureKey(found.asset.id, use.name)) : [],
        };
      }),
    );
  }

  /** Declared inputs; a dbt 1.0 `expression` metric names none, so its parent metrics stand in. */
  inputs(asset: Asset, definition: MetricDefinition): Promise<ResolvedInput[]> {
    let cached = this.inputsCache.get(asset.id);
    if (!cached) this.inputsCache.set(asset.id, (cached = this.readInputs(asset, definition)));
    return cached;
  }

  private async readInputs(asset: Asset, definition: MetricDefinition): Promise<ResolvedInput[]> {
    let uses = definition.inputMetrics;
    if (uses.length === 0 && definition.style === "legacy") {
      const parents = (await this.loaders.parents.load(asset.id)).filter((edge) => edge.from.kind === "METRIC");
      uses = parents.map((edge) => ({ name: edge.from.name, filters: [], alias: null, offset: null, role: null }));
    }
    return uses.map((use) => {
      const found = this.semantics.metrics.get(use.name);
      return { use, metric: found?.asset ?? null, formula: found ? this.formula(found.definition) : null };
    });
  }

  async columnsOf(asset: Asset, definition: MetricDefinition, visiting: Set<string>): Promise<ResolvedColumn[]> {
    if (visiting.has(asset.id)) return [];
    visiting.add(asset.id);
    const found: ResolvedColumn[] = [];
    if (definition.style === "legacy") found.push(...(await this.legacyColumns(asset, definition)));
    for (const measure of await this.measures(definition)) found.push(...measure.columns);
    for (const input of await this.inputs(asset, definition)) {
      const metric = input.metric && this.semantics.metrics.get(input.metric.name);
      if (metric) found.push(...(await this.columnsOf(metric.asset, metric.definition, visiting)));
    }
    return uniqueColumns(found);
  }

  private async legacyColumns(asset: Asset, definition: MetricDefinition): Promise<ResolvedColumn[]> {
    const models = (await this.loaders.parents.load(asset.id)).filter((edge) => edge.from.kind !== "METRIC");
    return models.flatMap(({ from: { columns, ...model } }) =>
      legacyMetricColumns(definition, columns.map((c) => c.name)).map((column) => ({ asset: model, column })),
    );
  }
}

/**
 * Downstream exposures and saved queries of each metric, through metrics built on it: one
 * recursive statement walks the metric levels from every metric at once (UNION keeps each
 * (metric, reached) pair once, so a cycle stops), one more reads the users' rows.
 */
export async function metricUsers(ctx: TenantContext, metricIds: readonly string[]): Promise<Map<string, Asset[]>> {
  const tenantId = ctx.tenant.id;
  const found = await ctx.db.$queryRaw<{ metricId: string; id: string }[]>`
    WITH RECURSIVE metrics("root", "id") AS (
      SELECT "root", "root" FROM unnest(${[...metricIds]}::text[]) AS "root"
      UNION
      SELECT m."root", e."toAssetId" FROM metrics m
      JOIN "LineageEdge" e ON e."tenantId" = ${tenantId} AND e."fromAssetId" = m."id"
      JOIN "Asset" a ON a."tenantId" = e."tenantId" AND a."id" = e."toAssetId" AND a."kind" = 'METRIC' AND a."removedAt" IS NULL
    )
    SELECT DISTINCT m."root" AS "metricId", e."toAssetId" AS "id" FROM metrics m
    JOIN "LineageEdge" e ON e."tenantId" = ${tenantId} AND e."fromAssetId" = m."id"
    JOIN "Asset" a ON a."tenantId" = e."tenantId" AND a."id" = e."toAssetId" AND a."kind" IN ('EXPOSURE', 'SAVED_QUERY') AND a."removedAt" IS NULL`;
  if (found.length === 0) return new Map();
  const users = new Map((await ctx.db.asset.findMany({ where: { id: { in: [...new Set(found.map((row) => row.id))] } } })).map((asset) => [asset.id, asset]));
  const byMetric = groupBy(found, (row) => row.metricId);
  return new Map([...byMetric].map(([metricId, rows]) => [metricId, rows.map((row) => users.get(row.id)!).sort((a, b) => compareText(a.uniqueId, b.uniqueId))]));
}

function uniqueColumns(columns: ResolvedColumn[]): ResolvedColumn[] {
  const byKey = new Map(columns.map((c) => [`${c.asset.id}\u0000${c.column}`, c]));
  return [...byKey.values()].sort((a, b) => compareText(a.asset.uniqueId, b.asset.uniqueId) || compareText(a.column, b.column));
}
