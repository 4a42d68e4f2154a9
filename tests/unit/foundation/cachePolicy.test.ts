import "reflect-metadata";
import { getNamedType, isInterfaceType, isObjectType, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { CACHEABLE_ROOT_FIELDS, isCacheableOperation } from "../../../src/graphql/cachePolicy.js";
import { tributarySchema } from "../../../src/graphql/schema.js";

function cacheable(source: string, operationName?: string): boolean {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition" && (operationName === undefined || d.name?.value === operationName),
  )!;
  return isCacheableOperation(document, operation);
}

describe("which GraphQL answers the response cache may store", () => {
  it("stores queries of catalog roots only, wherever the root fields sit", () => {
    expect(cacheable(`{ lineage(assetId: "a") { truncated } search(query: "x") { totalCount } __typename }`)).toBe(true);
    expect(cacheable(`query { ...Roots } fragment Roots on Query { impact(assetId: "a") { totalCount } ... on Query { autocomplete(prefix: "c") { text } } }`)).toBe(true);
    expect(cacheable(`{ lineage(assetId: "a") { truncated } viewer { role } }`)).toBe(false);
    expect(cacheable(`{ ...Me } fragment Me on Query { notifications { totalCount } }`)).toBe(false);
    expect(cacheable(`{ changeRequests { totalCount } }`)).toBe(false);
    expect(cacheable(`mutation { subscribe(assetId: "a") { asset { id } } }`)).toBe(false);
  });

  it("decides for the operation that runs, not the document's others", () => {
    const document = `query Read { search(query: "x") { totalCount } } query Who { viewer { role } }`;
    expect(cacheable(document, "Read")).toBe(true);
    expect(cacheable(document, "Who")).toBe(false);
  });

  // Freshness is written by run posts (audited) and by the evaluator, which moves the catalog
  // revision with every state it changes; Health slides with time, and metric series change
  // with every observation (most move no revision), so their resolvers mark the request not storable.
  it("reaches only catalog types from those roots (a new type reachable from them needs a look: is every write to it audited, and is it the same for every caller?)", async () => {
    const schema = await tributarySchema();
    const queryFields = schema.getQueryType()!.getFields();
    const reached = new Set<string>();
    const pending = [...CACHEABLE_ROOT_FIELDS].filter((name) => name !== "__typename").map((name) => getNamedType(queryFields[name]!.type).name);
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (reached.has(name)) continue;
      const type = schema.getType(name)!;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      reached.add(name);
      for (const field of Object.values(type.getFields())) pending.push(getNamedType(field.type).name);
      if (isInterfaceType(type)) pending.push(...schema.getPossibleTypes(type).map((t) => t.name));
    }
    expect([...reached].sort()).toEqual([
      "Anomaly", "AnomalyConnection", "AnomalyEdge", "AnomalySettings", "Asset", "AssetConnection", "AssetCounts", "AssetEdge", "AssetFreshness", "AssetGroup",
      "AssetHistoryConnection", "AssetHistoryEdge", "AssetHistoryEntry", "AssetNeighbor", "AssetRun", "AssetRunConnection",
      "AssetRunEdge", "BaselineWindow", "Change", "Column", "ColumnLineage", "ColumnLineageEdge", "ColumnLineageNode",
      "DataTest", "DataTestConnection", "DataTestEdge", "Diagnostic", "FacetCount", "FreshnessSla", "GlossaryTerm", "Health",
      "HealthPoint", "Impact", "ImpactGroup", "ImpactedAsset", "Lineage", "LineageCounts", "LineageEdge", "LineageNode",
      "ManifestVersion", "MeasureNonAdditiveDimension", "MeasurePercentile", "MetricColumn", "MetricDefinition", "MetricHistory", "MetricInput", "MetricMeasure", "MetricPoint", "MetricSeries",
      // Read from OpenLineage facets: their intake moves the catalog revision (services/openlineage/foldFacets.ts).
      // OpenLineage names are written with the assets they name (lineage revision); runs mark the answer unstorable.
      "OpenLineageJobFacets", "OpenLineageName", "OpenLineageProcessingEngine", "OpenLineageRun", "OpenLineageRunConnection", "OpenLineageRunEdge",
      "Owner", "PageInfo", "Project",
      "ProjectConnection", "ProjectEdge", "SchemaDriftDifference", "SearchFacets", "SearchHit", "SearchHitColumn", "SearchResults", "Suggestion",
      "TermImplementation", "TestResult", "ValueRange",
    ]);
  });
});
