/** OpenLineage's names, namespaces and runs as the GraphQL API shows them (docs/openlineage.md#reading-lineage). */
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { MarquezName } from "../../core/openlineage/marquezIds.js";
import { marquezNodeId } from "../../core/openlineage/marquezIds.js";
import type { MarquezRun } from "../../core/openlineage/marquezShapes.js";
import type { NamespaceRow } from "../../services/openlineage/marquezReads.js";
import { Connection } from "./connection.js";

const OpenLineageRunState = { NEW: "NEW", RUNNING: "RUNNING", COMPLETED: "COMPLETED", FAILED: "FAILED", ABORTED: "ABORTED" } as const;
const OpenLineageNamespaceSource = { OPENLINEAGE: "OPENLINEAGE", DBT: "DBT" } as const;
registerEnumType(OpenLineageRunState, { name: "OpenLineageRunState", description: "A run's state as Marquez names it: RUNNING until its terminal event (COMPLETE, FAIL, ABORT) by event time." });
registerEnumType(OpenLineageNamespaceSource, { name: "OpenLineageNamespaceSource", description: "OPENLINEAGE: named by events; DBT: `<adapter>://<database>` of dbt relations." });

@ObjectType({ description: "The name an asset has in OpenLineage and Marquez's reads." })
export class OpenLineageName {
  @Field(() => String)
  namespace!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "Marquez's node id: `job:<namespace>:<name>` or `dataset:<namespace>:<name>`, for GET /api/v1/lineage." })
  nodeId!: string;

  static from(type: "DATASET" | "JOB", name: MarquezName): OpenLineageName {
    return Object.assign(new OpenLineageName(), { namespace: name.namespace, name: name.name, nodeId: marquezNodeId(type, name) });
  }
}

@ObjectType({ description: "One run of an OpenLineage job: state, times from event times, and its facets in short." })
export class OpenLineageRun {
  @Field(() => String)
  runId!: string;

  @Field(() => OpenLineageRunState)
  state!: keyof typeof OpenLineageRunState;

  @Field(() => Date, { nullable: true, description: "The earliest START event time." })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "The terminal event's time." })
  endedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => String, { nullable: true, description: "The `nominalTime` facet's start (an Airflow DAG run's logical date)." })
  nominalStartTime!: string | null;

  @Field(() => String, { nullable: true, description: "The `errorMessage` facet's message." })
  errorMessage!: string | null;

  @Field(() => String, { nullable: true, description: "The `parent` facet's run (an Airflow task's DAG run)." })
  parentRunId!: string | null;

  @Field(() => [String], { description: "Names of the run's facets, e.g. parent, nominalTime, errorMessage, processing_engine." })
  facetNames!: string[];

  static from(run: MarquezRun): OpenLineageRun {
    const facets = run.facets as Record<string, { message?: string; run?: { runId?: string } }>;
    return Object.assign(new OpenLineageRun(), {
      runId: run.id,
      state: run.state,
      startedAt: run.startedAt ? new Date(run.startedAt) : null,
      endedAt: run.endedAt ? new Date(run.endedAt) : null,
      durationMs: run.durationMs,
      nominalStartTime: run.nominalStartTime,
      errorMessage: facets.errorMessage?.message ?? null,
      parentRunId: facets.parent?.run?.runId ?? null,
      facetNames: Object.keys(run.facets).sort(),
    });
  }
}

export const OpenLineageRunConnection = Connection(OpenLineageRun, "OpenLineageRun");

@ObjectType({ description: "A namespace of OpenLineage jobs and datasets, or of dbt relations (`<adapter>://<database>`)." })
export class OpenLineageNamespace {
  @Field(() => String)
  name!: string;

  @Field(() => OpenLineageNamespaceSource)
  source!: keyof typeof OpenLineageNamespaceSource;

  @Field(() => Date, { description: "When its first job or dataset was seen." })
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  static from(row: NamespaceRow): OpenLineageNamespace {
    return Object.assign(new OpenLineageNamespace(), row);
  }
}

export const OpenLineageNamespaceConnection = Connection(OpenLineageNamespace, "OpenLineageNamespace");
