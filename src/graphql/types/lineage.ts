/** GraphQL types of lineage answers: flat lists of nodes and edges, never nested recursion. */
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Asset } from "./Asset.js";
import { PageInfo } from "./connection.js";
import { EdgeOrigin } from "./enums.js";

export enum LineageDirection {
  UPSTREAM = "UPSTREAM",
  DOWNSTREAM = "DOWNSTREAM",
  BOTH = "BOTH",
}
registerEnumType(LineageDirection, {
  name: "LineageDirection",
  description: "UPSTREAM: what the asset reads from. DOWNSTREAM: what reads from it. BOTH: its ancestors plus its descendants (not siblings).",
});

export enum LineageSide {
  UPSTREAM = "UPSTREAM",
  DOWNSTREAM = "DOWNSTREAM",
}
registerEnumType(LineageSide, { name: "LineageSide", description: "The side of the start a lineage node was found on." });

export enum ColumnTransformKind {
  DIRECT = "DIRECT",
  TRANSFORMED = "TRANSFORMED",
  AGGREGATED = "AGGREGATED",
  FILTER = "FILTER",
  JOIN = "JOIN",
  GROUP_BY = "GROUP_BY",
  SORT = "SORT",
  WINDOW = "WINDOW",
  CONDITIONAL = "CONDITIONAL",
}
registerEnumType(ColumnTransformKind, {
  name: "ColumnTransform",
  description: "How an upstream column reaches a downstream one. DIRECT, TRANSFORMED and AGGREGATED feed the value; FILTER, JOIN, GROUP_BY, SORT and WINDOW decide which rows exist; CONDITIONAL (from OpenLineage) decides the value by a condition.",
});

@ObjectType({ description: "An asset in a lineage answer, with its distance from the start." })
export class LineageNode {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => Int, { description: "Shortest distance in hops from the start (hops through kinds-filtered assets count)." })
  degree!: number;

  @Field(() => LineageSide)
  direction!: LineageSide;
}

@ObjectType({ description: "A lineage edge: `from` is upstream of `to` (global Asset ids)." })
export class LineageEdge {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => EdgeOrigin)
  origin!: EdgeOrigin;

  @Field(() => [ID], { description: "Empty for a stored edge. A bridging edge over assets hidden by `kinds` lists their ids here, upstream first." })
  via!: string[];
}

@ObjectType({ description: "The lineage of an asset as a flat graph: nodes (paged) and the edges among them." })
export class Lineage {
  @Field(() => Asset, { description: "The start asset." })
  asset!: Asset;

  @Field(() => [LineageNode], { description: "This page of nodes, by degree then id." })
  nodes!: LineageNode[];

  @Field(() => [LineageEdge], { description: "Edges whose later end is on this page (all pages together give each edge once)." })
  edges!: LineageEdge[];

  @Field(() => Int, { description: "Nodes over all pages." })
  totalCount!: number;

  @Field(() => Boolean, { description: "True when the depth limit or the node cap left reachable assets out." })
  truncated!: boolean;

  @Field(() => [[ID]], { description: "One cycle (global Asset ids, in edge direction) per strongly connected group met; a cycle is followed once, never looped on." })
  cycles!: string[][];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "A column in a column lineage answer." })
export class ColumnLineageNode {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => String)
  column!: string;

  @Field(() => Int)
  degree!: number;

  @Field(() => LineageSide)
  direction!: LineageSide;
}

@ObjectType({ description: "A column edge: the upstream column feeds or shapes the downstream one." })
export class ColumnLineageEdge {
  @Field(() => ID, { description: "Global id of the upstream column's asset." })
  fromAsset!: string;

  @Field(() => String)
  fromColumn!: string;

  @Field(() => ID)
  toAsset!: string;

  @Field(() => String)
  toColumn!: string;

  @Field(() => ColumnTransformKind)
  transform!: ColumnTransformKind;

  @Field(() => EdgeOrigin, { description: "DECLARED: an OpenLineage producer's `columnLineage` facet says so. INFERRED: read from SQL (a dbt model's, an OpenLineage `sql` facet's) or from a link by relation." })
  origin!: EdgeOrigin;

  @Field(() => Boolean, { description: "The producer says the value is masked on the way (OpenLineage `masking`)." })
  masking!: boolean;
}

@ObjectType({ description: "The column-level lineage of one column." })
export class ColumnLineage {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => String, { description: "The start column, as the asset spells it." })
  column!: string;

  @Field(() => [ColumnLineageNode], { description: "By degree, then asset id and column name." })
  nodes!: ColumnLineageNode[];

  @Field(() => [ColumnLineageEdge], { description: "Every column edge among the nodes and the start, each with its transform." })
  edges!: ColumnLineageEdge[];

  @Field(() => Boolean)
  truncated!: boolean;
}

@ObjectType({ description: "How many assets lie transitively up- and downstream of an asset." })
export class LineageCounts {
  @Field(() => Int)
  upstream!: number;

  @Field(() => Int)
  downstream!: number;

  @Field(() => Int, { description: "Exposures (dashboards, apps, notebooks) among the downstream assets." })
  exposures!: number;
}
