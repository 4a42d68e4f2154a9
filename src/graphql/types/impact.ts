/** GraphQL types of impact answers: what a change touches and who must hear about it. */
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Asset } from "./Asset.js";
import { PageInfo } from "./connection.js";
import { Owner } from "./Owner.js";

/** Impacted assets per page that `groups.assets` is costed at. */
export const IMPACT_PAGE_COST_UNIT = 100;

@ObjectType({ description: "An asset a change reaches." })
export class ImpactedAsset {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => Int, { description: "Hops from the changed asset." })
  degree!: number;

  @Field(() => [Asset], { description: "One shortest path from the changed asset to this one, both included (lowest-id parent at each step)." })
  path!: Asset[];

  @Field(() => [String], { nullable: true, description: "Column-aware impact: this asset's columns that read the changed columns." })
  columns!: string[] | null;

  @Field(() => [Owner])
  owners!: Owner[];

  @Field(() => [Owner], { description: "People who subscribed to this asset." })
  subscribers!: Owner[];

  /** Row ids, for loading `asset` and `path` (not part of the API). */
  rowId!: string;
  pathIds!: string[];
}

@ObjectType({ description: "The impacted assets at one degree." })
export class ImpactGroup {
  @Field(() => Int)
  degree!: number;

  @Field(() => Int, { description: "Assets at this degree over all pages." })
  count!: number;

  /** Cost: a page's worth of assets (the query multiplies by first / 100 for larger pages). */
  @Field(() => [ImpactedAsset], { description: "This page's assets at this degree, by id.", complexity: ({ childComplexity }) => 1 + childComplexity * IMPACT_PAGE_COST_UNIT })
  assets!: ImpactedAsset[];
}

@ObjectType({ description: "What a change to an asset (or to some of its columns) touches downstream." })
export class Impact {
  @Field(() => Asset, { description: "The changed asset." })
  asset!: Asset;

  @Field(() => [String], { nullable: true, description: "Column-aware impact: the changed columns found on the asset." })
  columns!: string[] | null;

  @Field(() => [String], { description: "Requested columns the asset does not have." })
  missingColumns!: string[];

  @Field(() => [ImpactGroup], { description: "Impacted assets grouped by degree (column-aware: those that read the columns). Paged by `first`/`after` unless columns are given." })
  groups!: ImpactGroup[];

  /** Every exposure reached; the `exposures` field resolver pages it. */
  allExposures!: ImpactedAsset[];

  @Field(() => Int, { description: "Exposures reached (dashboards, apps, notebooks: consumers to notify)." })
  exposureCount!: number;

  @Field(() => [ImpactedAsset], { description: "Column-aware impact: assets that depend on the asset but whose column use is unknown (no column lineage along the way). Empty otherwise." })
  columnUseUnknown!: ImpactedAsset[];

  @Field(() => Int, { description: "Column-aware impact: downstream assets that column lineage shows do not read the columns." })
  notAffectedCount!: number;

  @Field(() => Int, { description: "Impacted assets over all pages (column-aware: readers plus unknown use)." })
  totalCount!: number;

  @Field(() => [[ID]], { description: "Cycles met downstream, as global Asset ids." })
  cycles!: string[][];

  @Field(() => Boolean)
  truncated!: boolean;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
