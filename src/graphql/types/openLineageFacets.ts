/** GraphQL types of what OpenLineage facets say about an asset: schema drift, a job's type and engine. */
import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum SchemaDriftChange {
  MISSING = "MISSING",
  ADDED = "ADDED",
  RETYPED = "RETYPED",
}
registerEnumType(SchemaDriftChange, {
  name: "SchemaDriftChange",
  description: "MISSING: dbt declares the column, the producer did not observe it. ADDED: observed, not declared. RETYPED: both, with different types.",
});

@ObjectType({ description: "A difference between the columns a producer observed (OpenLineage `schema` facet) and those dbt declares for the same relation." })
export class SchemaDriftDifference {
  @Field(() => String)
  column!: string;

  @Field(() => SchemaDriftChange)
  change!: SchemaDriftChange;

  @Field(() => String, { nullable: true, description: "The type dbt declares (null when ADDED or unknown)." })
  declaredType!: string | null;

  @Field(() => String, { nullable: true, description: "The type the producer observed (null when MISSING or unknown)." })
  observedType!: string | null;

  @Field(() => String, { description: "Unique id of the dbt asset that declares the columns." })
  declaredBy!: string;

  @Field(() => String, { description: "The OpenLineage dataset that observed them: dataset:<namespace>:<name>." })
  observedBy!: string;
}

@ObjectType({ description: "The engine that ran an OpenLineage job's latest run (`processing_engine` run facet)." })
export class OpenLineageProcessingEngine {
  @Field(() => String, { nullable: true, description: "spark, flink, airflow, …" })
  name!: string | null;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => String, { nullable: true })
  openlineageAdapterVersion!: string | null;
}

@ObjectType({ description: "What an OpenLineage job is (`jobType` job facet) and what ran it." })
export class OpenLineageJobFacets {
  @Field(() => String)
  namespace!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "BATCH or STREAMING." })
  processingType!: string | null;

  @Field(() => String, { nullable: true, description: "SPARK, AIRFLOW, DBT, FLINK, …" })
  integration!: string | null;

  @Field(() => String, { nullable: true, description: "QUERY, COMMAND, DAG, TASK, JOB, MODEL, SQL_JOB, …" })
  jobType!: string | null;

  @Field(() => OpenLineageProcessingEngine, { nullable: true })
  processingEngine!: OpenLineageProcessingEngine | null;
}
