/** GraphQL types of search and autocomplete. */
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Asset } from "./Asset.js";
import { PageInfo } from "./connection.js";
import { AssetKind, Layer } from "./enums.js";
import { DefinitionStatus, GlossaryTerm } from "./glossary.js";
import { Owner } from "./Owner.js";

export enum SearchHitKind {
  TERM = "TERM",
  ASSET = "ASSET",
  COLUMN = "COLUMN",
  OWNER = "OWNER",
}
registerEnumType(SearchHitKind, { name: "SearchHitKind", description: "What a search hit is: a glossary term, an asset, a column of an asset, or an owner." });

@InputType({ description: "Every given condition must hold; the values within one are alternatives. Any asset condition leaves owners out." })
export class SearchFilter {
  @Field(() => [AssetKind], { nullable: true })
  kinds?: AssetKind[] | null;

  @Field(() => [Layer], { nullable: true })
  layers?: Layer[] | null;

  @Field(() => [String], { nullable: true, description: "Project names." })
  projects?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Assets with any of these tags." })
  tags?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Owner emails or names (any case)." })
  owners?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Assets (for column hits: columns) with tests, or without." })
  hasTests?: boolean | null;
}

@ObjectType({ description: "The column a hit is about." })
export class SearchHitColumn {
  @Field(() => String)
  name!: string;
}

@ObjectType({ description: "One search result." })
export class SearchHit {
  @Field(() => Float, { description: "Higher is better: exact name 1000+, name prefix 500+, all words in the name 200+, in the description 100+, a typo of the name below 50." })
  score!: number;

  @Field(() => SearchHitKind)
  kind!: SearchHitKind;

  @Field(() => String, { description: "Why it matched: the description (else the name) with matches in <mark>…</mark>." })
  snippet!: string;

  @Field(() => Asset, { nullable: true, description: "The asset, or the column's asset; null for owners." })
  asset!: Asset | null;

  @Field(() => SearchHitColumn, { nullable: true })
  column!: SearchHitColumn | null;

  @Field(() => Owner, { nullable: true })
  owner!: Owner | null;

  @Field(() => GlossaryTerm, { nullable: true, description: "The term, for TERM hits; its implementations lead on." })
  term!: GlossaryTerm | null;

  @Field(() => Boolean, { description: "The hit is a certified (CANONICAL) definition: ranked first among hits that matched as well." })
  certified!: boolean;

  @Field(() => DefinitionStatus, { nullable: true, description: "An owner's decision about this definition (asset or column), if any." })
  definitionStatus!: DefinitionStatus | null;

  @Field(() => String, { nullable: true, description: "When the query named a glossary term: the term's other name (synonym, abbreviation) that found this hit." })
  expandedFrom!: string | null;
}

@ObjectType()
export class FacetCount {
  @Field(() => String)
  value!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "How many asset and column hits (over all pages) fall in each value; the 50 most frequent per facet." })
export class SearchFacets {
  @Field(() => [FacetCount], { description: "By AssetKind of the hit's asset." })
  kinds!: FacetCount[];

  @Field(() => [FacetCount])
  layers!: FacetCount[];

  @Field(() => [FacetCount], { description: "By project name." })
  projects!: FacetCount[];

  @Field(() => [FacetCount], { description: "By owner email (else name)." })
  owners!: FacetCount[];

  @Field(() => [FacetCount])
  tags!: FacetCount[];
}

@ObjectType()
export class SearchResults {
  @Field(() => [SearchHit], { description: "Best first." })
  hits!: SearchHit[];

  @Field(() => Int)
  totalCount!: number;

  @Field(() => SearchFacets)
  facets!: SearchFacets;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "A completion for what was typed: an asset name or a column name." })
export class Suggestion {
  @Field(() => String)
  text!: string;

  @Field(() => SearchHitKind)
  kind!: SearchHitKind;

  @Field(() => Asset, { nullable: true, description: "The asset, for asset names." })
  asset!: Asset | null;
}
