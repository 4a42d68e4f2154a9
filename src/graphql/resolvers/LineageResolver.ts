import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { inReadingOrder } from "../../core/lineage/index.js";
import type { AssetKind } from "../../generated/prisma/client.js";
import { columnEdgeProvenance } from "../../services/lineage/columnEdgeProvenance.js";
import { columnLineage } from "../../services/lineage/columnLineage.js";
import { DEFAULT_LINEAGE_PAGE, MAX_COLUMN_NODES } from "../../services/lineage/limits.js";
import { assetLineage } from "../../services/lineage/lineage.js";
import type { GraphQLContext } from "../context.js";
import { toGlobalId } from "../globalId.js";
import { AssetKind as AssetKindEnum, EdgeOrigin } from "../types/enums.js";
import { ColumnLineage, ColumnTransformKind, Lineage, LineageDirection, LineageSide } from "../types/lineage.js";
import { assetRowId, CROSS_PROJECT_ARG, loadAssets, pagedCost } from "./lineageSupport.js";

const assetGlobalId = (id: string) => toGlobalId("Asset", id);

@Resolver()
export class LineageResolver {
  @Authorized("READER")
  @Query(() => Lineage, {
    complexity: pagedCost(DEFAULT_LINEAGE_PAGE),
    description: `Where an asset's data comes from and goes to, as a flat graph. depth: hops (null: no limit). kinds: only show these kinds (the walk still passes through others). Nodes are paged (first: default ${DEFAULT_LINEAGE_PAGE}, at most 500). An unknown asset is NOT_FOUND.`,
  })
  async lineage(
    @Arg("assetId", () => ID) assetId: string,
    @Arg("direction", () => LineageDirection, { defaultValue: LineageDirection.BOTH }) direction: LineageDirection,
    @Arg("depth", () => Int, { nullable: true }) depth: number | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("kinds", () => [AssetKindEnum], { nullable: true }) kinds: AssetKind[] | null,
    @Arg("crossProject", () => Boolean, { defaultValue: true, description: CROSS_PROJECT_ARG }) crossProject: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Lineage> {
    const result = await assetLineage(ctx, { assetId: assetRowId(assetId), direction, depth: depth ?? null, kinds, first, after, crossProject });
    const [start, ...assets] = await loadAssets(ctx, [result.start.id, ...result.nodes.map((node) => node.id)]);
    return {
      asset: start!,
      nodes: result.nodes.map((node, i) => ({ asset: assets[i]!, degree: node.degree, direction: node.direction as LineageSide })),
      edges: result.edges.map((edge) => ({ from: assetGlobalId(edge.from), to: assetGlobalId(edge.to), origin: edge.origin, via: edge.via.map(assetGlobalId) })),
      totalCount: result.totalCount,
      truncated: result.truncated,
      cycles: result.cycles.map((cycle) => cycle.map(assetGlobalId)),
      pageInfo: result.pageInfo,
    };
  }

  @Authorized("READER")
  @Query(() => ColumnLineage, {
    complexity: pagedCost(100),
    description: `Column-level lineage of one column, each edge with its transform. Column names match exactly, else case-insensitively when unique. Nodes come by hop, then asset uniqueId, then column name; edges by their upstream, then downstream column. At most ${MAX_COLUMN_NODES} columns (then truncated). An unknown asset or column is NOT_FOUND.`,
  })
  async columnLineage(
    @Arg("assetId", () => ID) assetId: string,
    @Arg("column", () => String) column: string,
    @Arg("direction", () => LineageDirection, { defaultValue: LineageDirection.BOTH }) direction: LineageDirection,
    @Arg("depth", () => Int, { nullable: true }) depth: number | null,
    @Arg("crossProject", () => Boolean, { defaultValue: true, description: CROSS_PROJECT_ARG }) crossProject: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ColumnLineage> {
    const walked = await columnLineage(ctx, { assetId: assetRowId(assetId), column, direction, depth: depth ?? null, crossProject });
    const assetIds = [walked.start.assetId, ...walked.nodes.map((node) => node.assetId)];
    const assets = new Map((await loadAssets(ctx, assetIds)).map((asset, i) => [assetIds[i]!, asset]));
    const result = inReadingOrder(walked, (id) => assets.get(id)!.uniqueId);
    const refs = new Map([result.start, ...result.nodes].map((ref) => [ref.columnId, ref]));
    const provenance = await columnEdgeProvenance(ctx, result.edges);
    return {
      asset: assets.get(result.start.assetId)!,
      column: result.start.column,
      nodes: result.nodes.map((node) => ({ asset: assets.get(node.assetId)!, column: node.column, degree: node.degree, direction: node.direction as LineageSide })),
      edges: result.edges.map((edge, i) => {
        const from = refs.get(edge.from)!;
        const to = refs.get(edge.to)!;
        return {
          fromAsset: assetGlobalId(from.assetId),
          fromColumn: from.column,
          toAsset: assetGlobalId(to.assetId),
          toColumn: to.column,
          transform: edge.transform as ColumnTransformKind,
          origin: provenance[i]!.origin as EdgeOrigin,
          masking: provenance[i]!.masking,
        };
      }),
      truncated: result.truncated,
    };
  }
}

