import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { conceptsOf } from "../../core/definitions/index.js";
import { notFound } from "../../core/errors.js";
import { TermMatcher } from "../../core/glossary/termNames.js";
import { tenantDefinitions } from "../../services/definitions/tenantDefinitions.js";
import { createTerm, deleteTerm, setTermLink, updateTerm } from "../../services/glossary/terms.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { pageOf, PageArgs, toConnection } from "../types/connection.js";
import { GlossaryTerm, GlossaryTermConnection, GlossaryTermInput, GlossaryTermUpdate, TermImplementation, TermLinkInput } from "../types/glossary.js";
import { Owner } from "../types/Owner.js";
import { assetRowId, loadAssets } from "./lineageSupport.js";

const termRowId = (id: string): string => {
  const row = rowIdOf(id, "GlossaryTerm");
  if (!row) throw notFound("GlossaryTerm", id);
  return row;
};

@Resolver(() => GlossaryTerm)
export class GlossaryResolver {
  @Authorized("READER")
  @Query(() => GlossaryTermConnection, { description: "The tenant's glossary terms, by name." })
  async glossaryTerms(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const [rows, total] = await Promise.all([ctx.db.glossaryTerm.findMany({ orderBy: [{ key: "asc" }], skip: page.skip, take: page.take }), ctx.db.glossaryTerm.count()]);
    return toConnection(rows.map(GlossaryTerm.from), page, total);
  }

  @Authorized("READER")
  @Query(() => GlossaryTerm, { nullable: true, description: "A term by id, or by any of its names (name, synonym, abbreviation; any case)." })
  async glossaryTerm(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<GlossaryTerm | null> {
    if (id) {
      const row = rowIdOf(id, "GlossaryTerm");
      const term = row ? await ctx.db.glossaryTerm.findFirst({ where: { id: row } }) : null;
      return term ? GlossaryTerm.from(term) : null;
    }
    if (!name) return null;
    // The glossary alone answers this: the tenant's definitions (which parse every mart's SQL when cold) are not needed.
    const term = new TermMatcher(await ctx.db.glossaryTerm.findMany({ orderBy: { id: "asc" } })).termsNamed(name)[0];
    return term ? GlossaryTerm.from(term) : null;
  }

  @FieldResolver(() => Owner, { nullable: true })
  async owner(@Root() term: GlossaryTerm, @Ctx() ctx: GraphQLContext): Promise<Owner | null> {
    if (!term.ownerId) return null;
    const row = await ctx.loaders.owner.load(term.ownerId);
    return row ? Owner.from(row) : null;
  }

  @FieldResolver(() => [TermImplementation], {
    description: "The columns and assets that implement the term: linked to it, or named by one of its names (mart columns that compute something, and anything linked).",
  })
  async implementations(@Root() term: GlossaryTerm, @Ctx() ctx: GraphQLContext): Promise<TermImplementation[]> {
    const definitions = await tenantDefinitions(ctx);
    const conceptKey = `term:${term.rowId}`;
    const found = definitions.definitions.filter((d) => conceptsOf(d, definitions.terms).some((c) => c.key === conceptKey));
    const assets = await loadAssets(ctx, found.map((d) => definitions.assetIds.get(d.key)!));
    return found.map((d, i) => ({
      asset: assets[i]!,
      column: d.columnName,
      linkedBy: d.linkedTerms.some((name) => definitions.terms.termsNamed(name).some((t) => t.id === term.rowId)) ? "LINK" : "NAME",
      status: d.status,
    }));
  }

  @Authorized("OWNER")
  @Mutation(() => GlossaryTerm, { description: "Add a term to the glossary (OWNER or ADMIN)." })
  async createGlossaryTerm(@Arg("input", () => GlossaryTermInput) input: GlossaryTermInput, @Ctx() ctx: GraphQLContext): Promise<GlossaryTerm> {
    return GlossaryTerm.from(await createTerm(ctx, withoutNulls(input)));
  }

  @Authorized("OWNER")
  @Mutation(() => GlossaryTerm, { description: "Change a term: the fields given replace the stored ones (OWNER or ADMIN)." })
  async updateGlossaryTerm(@Arg("id", () => ID) id: string, @Arg("input", () => GlossaryTermUpdate) input: GlossaryTermUpdate, @Ctx() ctx: GraphQLContext): Promise<GlossaryTerm> {
    return GlossaryTerm.from(await updateTerm(ctx, termRowId(id), input));
  }

  @Authorized("OWNER")
  @Mutation(() => ID, { description: "Remove a term and its links (OWNER or ADMIN); answers its id." })
  async deleteGlossaryTerm(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    await deleteTerm(ctx, termRowId(id));
    return id;
  }

  @Authorized("OWNER")
  @Mutation(() => GlossaryTerm, { description: "Link an asset, or a column of it, to a term: it implements the term." })
  async linkGlossaryTerm(@Arg("input", () => TermLinkInput) input: TermLinkInput, @Ctx() ctx: GraphQLContext): Promise<GlossaryTerm> {
    return GlossaryTerm.from(await setTermLink(ctx, { termId: termRowId(input.termId), assetId: assetRowId(input.assetId), columnName: input.columnName, linked: true }));
  }

  @Authorized("OWNER")
  @Mutation(() => GlossaryTerm, { description: "Remove a link made with linkGlossaryTerm (links in manifests change with the manifest)." })
  async unlinkGlossaryTerm(@Arg("input", () => TermLinkInput) input: TermLinkInput, @Ctx() ctx: GraphQLContext): Promise<GlossaryTerm> {
    return GlossaryTerm.from(await setTermLink(ctx, { termId: termRowId(input.termId), assetId: assetRowId(input.assetId), columnName: input.columnName, linked: false }));
  }
}

/** GraphQL gives null for omitted nullable inputs; the schema reads absent as "default". */
function withoutNulls<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}

