import { describe, expect, it } from "vitest";
import core from "../../../src/core/openlineage/spec/OpenLineage.json" with { type: "json" };
import { bundledFacets } from "../../../src/core/openlineage/facetSchemas.js";

/**
 * Every facet schema the OpenLineage spec ships in `spec/facets/` at release 1.24.2 (tag 1.24.2,
 * November 2024): schema name, the key it validates in a facets object, and where it may appear.
 * EnvironmentVariablesRunFacet came with 1.24.0 (OpenLineage PR #3186). Update this list, the
 * bundle and docs/openlineage.md together when moving to a newer spec release.
 */
const SPEC_1_24_2_FACETS = [
  ["ColumnLineageDatasetFacet", "columnLineage", "DatasetFacet"],
  ["DataQualityAssertionsDatasetFacet", "dataQualityAssertions", "InputDatasetFacet"],
  ["DataQualityMetricsInputDatasetFacet", "dataQualityMetrics", "InputDatasetFacet"],
  ["DatasetVersionDatasetFacet", "version", "DatasetFacet"],
  ["DatasourceDatasetFacet", "dataSource", "DatasetFacet"],
  ["DocumentationDatasetFacet", "documentation", "DatasetFacet"],
  ["DocumentationJobFacet", "documentation", "JobFacet"],
  ["EnvironmentVariablesRunFacet", "environmentVariables", "RunFacet"],
  ["ErrorMessageRunFacet", "errorMessage", "RunFacet"],
  ["ExternalQueryRunFacet", "externalQuery", "RunFacet"],
  ["ExtractionErrorRunFacet", "extractionError", "RunFacet"],
  ["JobTypeJobFacet", "jobType", "JobFacet"],
  ["LifecycleStateChangeDatasetFacet", "lifecycleStateChange", "DatasetFacet"],
  ["NominalTimeRunFacet", "nominalTime", "RunFacet"],
  ["OutputStatisticsOutputDatasetFacet", "outputStatistics", "OutputDatasetFacet"],
  ["OwnershipDatasetFacet", "ownership", "DatasetFacet"],
  ["OwnershipJobFacet", "ownership", "JobFacet"],
  ["ParentRunFacet", "parent", "RunFacet"],
  ["ProcessingEngineRunFacet", "processing_engine", "RunFacet"],
  ["SQLJobFacet", "sql", "JobFacet"],
  ["SchemaDatasetFacet", "schema", "DatasetFacet"],
  ["SourceCodeJobFacet", "sourceCode", "JobFacet"],
  ["SourceCodeLocationJobFacet", "sourceCodeLocation", "JobFacet"],
  ["StorageDatasetFacet", "storage", "DatasetFacet"],
  ["SymlinksDatasetFacet", "symlinks", "DatasetFacet"],
] as const;

/** Bundled too, though the spec added them after 1.24.2 (producers send them). */
const ADDED_AFTER_1_24_2 = ["DatasetTypeDatasetFacet", "TagsDatasetFacet", "TagsJobFacet", "TagsRunFacet"];

describe("the bundled OpenLineage schemas", () => {
  it("are the spec's core 2-0-2", () => {
    expect(core.$id).toBe("https://openlineage.io/spec/2-0-2/OpenLineage.json");
  });

  it("bundle every facet the spec ships at 1.24.2, under the spec's key and place", () => {
    const bundled = bundledFacets.map((f) => [f.name, f.key, f.place]);
    for (const facet of SPEC_1_24_2_FACETS) expect(bundled, facet[0]).toContainEqual([...facet]);
  });

  it("bundle nothing else than those and the ones the spec added later", () => {
    const named = new Set<string>([...SPEC_1_24_2_FACETS.map(([name]) => name), ...ADDED_AFTER_1_24_2]);
    expect(bundledFacets.map((f) => f.name).filter((name) => !named.has(name))).toEqual([]);
    expect(bundledFacets).toHaveLength(named.size);
  });
});
