/**
 * A large, valid OpenLineage event: one Spark-like COMPLETE whose output has `columns` columns,
 * each with column lineage from several input columns. About 2.6 KB per column: 2,000 columns make a 5 MB event.
 */
export function largeColumnLineageEvent(columns: number, runId = "01931f80-0000-7000-8000-000000000001"): Record<string, unknown> {
  const producer = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark";
  const inputs = Array.from({ length: 6 }, (_, i) => ({ namespace: "postgres://warehouse:5432", name: `warehouse.analytics.wide_source_${i}` }));
  const fields: Record<string, unknown> = {};
  const schemaFields: { name: string; type: string; description: string }[] = [];
  for (let c = 0; c < columns; c++) {
    const name = `metric_${String(c).padStart(5, "0")}`;
    schemaFields.push({ name, type: "decimal(38,9)", description: `Metric ${c}, computed from the six wide sources by the nightly rollup job of the finance team (column ${c} of ${columns}).` });
    fields[name] = {
      inputFields: inputs.map((input, i) => ({
        namespace: input.namespace,
        name: input.name,
        field: `source_metric_${String((c * 7 + i) % columns).padStart(5, "0")}`,
        transformations: [
          { type: "DIRECT", subtype: i === 0 ? "IDENTITY" : "AGGREGATION", description: i === 0 ? "" : `sum(source_metric_${c}) over the day, converted to the reporting currency (EUR, daily rate)`, masking: false },
          { type: "INDIRECT", subtype: "GROUP_BY", description: "group by customer_id, day", masking: false },
        ],
      })),
    };
  }
  return {
    eventType: "COMPLETE",
    eventTime: "2026-11-05T00:00:00.000Z",
    producer,
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId },
    job: { namespace: "spark-etl", name: "wide_rollup.execute_insert_into_hadoop_fs_relation_command" },
    inputs,
    outputs: [
      {
        namespace: "s3://lake",
        name: "rollups/wide",
        facets: {
          schema: { _producer: producer, _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", fields: schemaFields },
          columnLineage: { _producer: producer, _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet", fields },
        },
      },
    ],
  };
}
