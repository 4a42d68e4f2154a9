import { Field, ObjectType } from "type-graphql";
import type { Asset as AssetRow } from "../../generated/prisma/client.js";
import type { AssetDetails, AssetSummary } from "../../services/catalog/assets.js";
import { toGlobalId } from "../globalId.js";
import { AssetKind, EdgeOrigin, Layer } from "./enums.js";
import { Node } from "./Node.js";

/**
 * A catalog entry. Its related objects (project, columns, owners, tests, lineage) are field
 * resolvers in AssetResolver, loaded through the request's DataLoaders.
 */
@ObjectType({ implements: Node, description: "A model, source, seed, snapshot, exposure, metric, semantic model or saved query of a project." })
export class Asset extends Node {
  @Field(() => String, { description: "dbt-style unique id, e.g. model.jaffle_shop.orders; unique within a project." })
  uniqueId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => AssetKind)
  kind!: AssetKind;

  @Field(() => Layer, { nullable: true, description: "staging / intermediate / mart / other, for models; null for sources, seeds, snapshots." })
  layer!: Layer | null;

  @Field(() => String, { nullable: true })
  packageName!: string | null;

  @Field(() => String, { nullable: true })
  database!: string | null;

  @Field(() => String, { nullable: true })
  schema!: string | null;

  @Field(() => String, { nullable: true, description: "The warehouse relation, e.g. \"analytics\".\"main\".\"orders\"." })
  relationName!: string | null;

  @Field(() => String, { nullable: true, description: "table, view, incremental, ephemeral, …" })
  materialization!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "sql or python" })
  language!: string | null;

  @Field(() => String, { nullable: true })
  filePath!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => Boolean)
  contractEnforced!: boolean;

  @Field(() => String, { nullable: true, description: "dbt access: private, protected or public." })
  access!: string | null;

  @Field(() => String, { nullable: true, description: "A versioned model's version." })
  version!: string | null;

  @Field(() => String, { nullable: true, description: "A versioned model's latest version." })
  latestVersion!: string | null;

  @Field(() => String, { nullable: true })
  groupName!: string | null;

  @Field(() => String, { nullable: true, description: "Exposures: dashboard, notebook, application, …; metrics: their type." })
  subtype!: string | null;

  @Field(() => String, { nullable: true, description: "Exposures: where the consumer lives." })
  url!: string | null;

  @Field(() => Date)
  firstSeenAt!: Date;

  @Field(() => Date, { description: "When a post last changed this asset (its definition, not its columns or tests)." })
  lastChangedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the asset disappeared from its project's manifest; removed assets are kept as history." })
  removedAt!: Date | null;

  /** Row ids, for the field resolvers (not part of the API). */
  rowId!: string;
  projectId!: string;
  /** SQL, meta and diagnostics when the row had them; else AssetDetailsResolver loads them when asked. */
  details!: AssetDetails | null;

  static from(row: AssetSummary | AssetRow): Asset {
    return Object.assign(new Asset(), {
      id: toGlobalId("Asset", row.id),
      uniqueId: row.uniqueId,
      name: row.name,
      kind: row.kind,
      layer: row.layer,
      packageName: row.packageName,
      database: row.database,
      schema: row.schema,
      relationName: row.relationName,
      materialization: row.materialization,
      description: row.description,
      language: row.language,
      filePath: row.filePath,
      tags: row.tags,
      contractEnforced: row.contractEnforced,
      access: row.access,
      version: row.version,
      latestVersion: row.latestVersion,
      groupName: row.groupName,
      subtype: row.subtype,
      url: row.url,
      firstSeenAt: row.firstSeenAt,
      lastChangedAt: row.lastChangedAt,
      removedAt: row.removedAt,
      rowId: row.id,
      projectId: row.projectId,
      details: "rawSql" in row ? row : null,
    });
  }
}

@ObjectType({ description: "A direct lineage neighbour of an asset, with where the edge comes from." })
export class AssetNeighbor {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => EdgeOrigin)
  origin!: EdgeOrigin;
}
