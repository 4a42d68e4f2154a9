/** GraphQL types of the glossary, business definitions and their conflicts. */
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { DEFINITION_ASPECTS } from "../../core/definitions/index.js";
import type { GlossaryTerm as TermRow } from "../../generated/prisma/client.js";
import { DefinitionStatus, TermStatus } from "../../generated/prisma/enums.js";
import { toGlobalId } from "../globalId.js";
import { Asset } from "./Asset.js";
import { Connection } from "./connection.js";
import { Owner } from "./Owner.js";

registerEnumType(TermStatus, { name: "TermStatus", description: "A glossary term's life: DRAFT (proposed), APPROVED (agreed), DEPRECATED (kept so old links resolve)." });
registerEnumType(DefinitionStatus, {
  name: "DefinitionStatus",
  description: "An owner's decision about one definition of a concept: CANONICAL (certified: the one to use), ALIAS (the same thing under another name), DEPRECATED.",
});
export { DefinitionStatus, TermStatus };

export const DefinitionAspect = Object.fromEntries(DEFINITION_ASPECTS.map((a) => [a, a])) as { [K in (typeof DEFINITION_ASPECTS)[number]]: K };
export type DefinitionAspect = (typeof DEFINITION_ASPECTS)[number];
registerEnumType(DefinitionAspect, {
  name: "DefinitionAspect",
  description: "Where definitions of one concept disagree: the SQL expression (FORMULA), its aggregations, the upstream columns of its value, the columns filtering its rows, its grain (GROUP BY), or the description.",
});

@ObjectType({ description: "An asset, or a column of it, that implements a glossary term." })
export class TermImplementation {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => String, { nullable: true, description: "The column; null when the asset itself implements the term." })
  column!: string | null;

  @Field(() => String, { description: "LINK when a person (linkGlossaryTerm) or the manifest (meta.tributary.terms, meta.openmetadata.glossary) linked it; NAME when its name is one of the term's." })
  linkedBy!: string;

  @Field(() => DefinitionStatus, { nullable: true })
  status!: DefinitionStatus | null;
}

@ObjectType({ description: "A business term of the tenant's glossary." })
export class GlossaryTerm {
  @Field(() => ID)
  id!: string;

  /** Row id, for resolvers. */
  rowId!: string;
  ownerId!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  definition!: string;

  @Field(() => [String])
  synonyms!: string[];

  @Field(() => [String], { description: "CAC, LTV, …: searching one finds the term and what its other names find." })
  abbreviations!: string[];

  @Field(() => TermStatus)
  status!: TermStatus;

  @Field(() => Date)
  updatedAt!: Date;

  static from(row: TermRow): GlossaryTerm {
    return Object.assign(new GlossaryTerm(), {
      id: toGlobalId("GlossaryTerm", row.id),
      rowId: row.id,
      ownerId: row.ownerId,
      name: row.name,
      definition: row.definition,
      synonyms: row.synonyms,
      abbreviations: row.abbreviations,
      status: row.status,
      updatedAt: row.updatedAt,
    });
  }
}

export const GlossaryTermConnection = Connection(GlossaryTerm, "GlossaryTerm");

@ObjectType({
  description:
    "What a definition computes, in comparable parts (relations named by their last part). A metric's is resolved: each measure as its aggregation over its expression, each input metric (a ratio's numerator and denominator, a derived metric's inputs) as its own formula.",
})
export class DefinitionFormula {
  @Field(() => String, { nullable: true, description: "The SQL expression as the select list writes it, normalized (through CTE copies to where it is computed)." })
  expression!: string | null;

  @Field(() => [String], { description: "sum, count distinct, …" })
  aggregations!: string[];

  @Field(() => [String], { description: "relation.column values its value comes from." })
  upstream!: string[];

  @Field(() => [String], { description: "relation.column values that filter its rows." })
  filters!: string[];

  @Field(() => [String], { description: "relation.column values of its GROUP BY." })
  grain!: string[];
}

@ObjectType({ description: "One definition of a business concept: a column, a metric (or another asset) with its formula, description and owners." })
export class BusinessDefinition {
  @Field(() => String, { description: "project/asset unique id#column" })
  key!: string;

  @Field(() => String)
  project!: string;

  @Field(() => Asset)
  asset!: Asset;

  @Field(() => String, { nullable: true })
  column!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => DefinitionFormula)
  formula!: DefinitionFormula;

  @Field(() => String, { nullable: true, description: "A metric's formula in plain terms, as metricDefinition.formula reads; null for a column." })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [Owner], { description: "The asset's owners." })
  owners!: Owner[];

  @Field(() => DefinitionStatus, { nullable: true })
  status!: DefinitionStatus | null;
}

@ObjectType({ description: "A business concept with more than one definition, side by side." })
export class DefinitionConflict {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The glossary term's name, else the shared normalized name." })
  concept!: string;

  @Field(() => GlossaryTerm, { nullable: true })
  term!: GlossaryTerm | null;

  @Field(() => [DefinitionAspect])
  differences!: DefinitionAspect[];

  @Field(() => Boolean, { description: "One definition is CANONICAL and every other one ALIAS or DEPRECATED." })
  resolved!: boolean;

  @Field(() => [BusinessDefinition])
  definitions!: BusinessDefinition[];
}

export const DefinitionConflictConnection = Connection(DefinitionConflict, "DefinitionConflict");

@InputType()
export class GlossaryTermInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  definition!: string;

  @Field(() => [String], { nullable: true })
  synonyms?: string[] | null;

  @Field(() => [String], { nullable: true })
  abbreviations?: string[] | null;

  @Field(() => String, { nullable: true, description: "The owner's e-mail." })
  ownerEmail?: string | null;

  @Field(() => TermStatus, { nullable: true, description: "Default DRAFT." })
  status?: TermStatus | null;
}

@InputType({ description: "The fields given replace the stored ones; ownerEmail: null removes the owner." })
export class GlossaryTermUpdate {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  definition?: string;

  @Field(() => [String], { nullable: true })
  synonyms?: string[];

  @Field(() => [String], { nullable: true })
  abbreviations?: string[];

  @Field(() => String, { nullable: true })
  ownerEmail?: string | null;

  @Field(() => TermStatus, { nullable: true })
  status?: TermStatus;
}

@InputType()
export class TermLinkInput {
  @Field(() => ID)
  termId!: string;

  @Field(() => ID)
  assetId!: string;

  @Field(() => String, { nullable: true, description: "A column of the asset; omitted: the asset itself." })
  columnName?: string | null;
}

@InputType({ description: "Mark one definition (an asset, or a column of it) canonical, an alias, or deprecated." })
export class MarkDefinitionInput {
  @Field(() => ID)
  assetId!: string;

  @Field(() => String, { nullable: true })
  columnName?: string | null;

  @Field(() => DefinitionStatus)
  status!: DefinitionStatus;

  @Field(() => String, { nullable: true, description: "Why, for the people who find the others." })
  note?: string | null;
}

@ObjectType()
export class DefinitionMarkPayload {
  @Field(() => Asset)
  asset!: Asset;

  @Field(() => String, { nullable: true })
  column!: string | null;

  @Field(() => DefinitionStatus)
  status!: DefinitionStatus;

  @Field(() => String, { nullable: true })
  note!: string | null;
}
