import { Field, Int, ObjectType } from "type-graphql";
import type { AssetKind, Project as ProjectRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";

@ObjectType({ implements: Node, description: "One dbt project or pipeline repository of the tenant: what CI posts manifests for." })
export class Project extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Row ids, for the field resolvers (not part of the API). */
  rowId!: string;
  currentVersionId!: string | null;

  static from(row: ProjectRow): Project {
    return Object.assign(new Project(), {
      id: toGlobalId("Project", row.id),
      name: row.name,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      rowId: row.id,
      currentVersionId: row.currentVersionId,
    });
  }
}

@ObjectType({ description: "How many live (not removed) assets of each kind a project has." })
export class AssetCounts {
  @Field(() => Int)
  models!: number;

  @Field(() => Int)
  sources!: number;

  @Field(() => Int)
  seeds!: number;

  @Field(() => Int)
  snapshots!: number;

  @Field(() => Int)
  exposures!: number;

  @Field(() => Int)
  metrics!: number;

  @Field(() => Int)
  semanticModels!: number;

  @Field(() => Int)
  savedQueries!: number;

  @Field(() => Int, { description: "OpenLineage datasets (the `@openlineage` project)." })
  datasets!: number;

  @Field(() => Int, { description: "OpenLineage jobs (the `@openlineage` project)." })
  jobs!: number;

  static from(perKind: ReadonlyMap<AssetKind, number>): AssetCounts {
    const of = (kind: AssetKind) => perKind.get(kind) ?? 0;
    return Object.assign(new AssetCounts(), {
      models: of("MODEL"),
      sources: of("SOURCE"),
      seeds: of("SEED"),
      snapshots: of("SNAPSHOT"),
      exposures: of("EXPOSURE"),
      metrics: of("METRIC"),
      semanticModels: of("SEMANTIC_MODEL"),
      savedQueries: of("SAVED_QUERY"),
      datasets: of("DATASET"),
      jobs: of("JOB"),
    });
  }
}
