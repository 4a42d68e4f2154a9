import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { BusinessDefinition as Definition } from "../../core/definitions/index.js";
import { listDefinitionConflicts, markDefinition } from "../../services/definitions/definitionConflicts.js";
import { tenantDefinitions } from "../../services/definitions/tenantDefinitions.js";
import type { GraphQLContext } from "../context.js";
import { toGlobalId } from "../globalId.js";
import { pageOf, PageArgs, toConnection } from "../types/connection.js";
import { BusinessDefinition, DefinitionConflict, DefinitionConflictConnection, DefinitionMarkPayload, GlossaryTerm, MarkDefinitionInput } from "../types/glossary.js";
import { Owner } from "../types/Owner.js";
import { assetRowId, loadAsset, loadAssets } from "./lineageSupport.js";

@Resolver()
export class DefinitionResolver {
  @Authorized("READER")
  @Query(() => DefinitionConflictConnection, {
    description:
      "Business concepts defined more than once, differently: columns, metrics (and other assets) sharing a glossary term, one of its names, or a normalized name, whose formulas or descriptions differ. With project: the conflicts one of whose definitions is in that project.",
  })
  async definitionConflicts(@Arg("project", () => String, { nullable: true }) project: string | null, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { conflicts, total } = await listDefinitionConflicts(ctx, project, page);
    const definitions = await tenantDefinitions(ctx);
    const all = conflicts.flatMap((c) => c.definitions);
    const [assets, terms, owners] = await Promise.all([
      loadAssets(ctx, all.map((d) => definitions.assetIds.get(d.key)!)),
      ctx.db.glossaryTerm.findMany({ where: { id: { in: conflicts.flatMap((c) => (c.concept.termId ? [c.concept.termId] : [])) } } }),
      ctx.db.owner.findMany({ where: { key: { in: [...new Set(all.flatMap((d) => d.owners))] } } }),
    ]);
    const assetOf = new Map(all.map((d, i) => [d.key, assets[i]!]));
    const termOf = new Map(terms.map((t) => [t.id, GlossaryTerm.from(t)]));
    const ownerOf = new Map(owners.map((o) => [o.key, Owner.from(o)]));
    const toDefinition = (d: Definition): BusinessDefinition => ({
      key: d.key,
      project: d.project,
      asset: assetOf.get(d.key)!,
      column: d.columnName,
      name: d.name,
      formula: d.formula,
      summary: d.summary,
      description: d.description,
      owners: d.owners.flatMap((key) => (ownerOf.has(key) ? [ownerOf.get(key)!] : [])),
      status: d.status,
    });
    const nodes: DefinitionConflict[] = conflicts.map((c) => ({
      id: toGlobalId("DefinitionConflict", c.concept.key),
      concept: c.concept.name,
      term: c.concept.termId ? (termOf.get(c.concept.termId) ?? null) : null,
      differences: c.differences,
      resolved: c.resolved,
      definitions: c.definitions.map(toDefinition),
    }));
    return toConnection(nodes, page, total);
  }

  @Authorized("OWNER")
  @Mutation(() => DefinitionMarkPayload, {
    description: "Mark one definition CANONICAL (certified: search ranks it first and says so), ALIAS or DEPRECATED, with a note (OWNER or ADMIN).",
  })
  async markDefinition(@Arg("input", () => MarkDefinitionInput) input: MarkDefinitionInput, @Ctx() ctx: GraphQLContext): Promise<DefinitionMarkPayload> {
    const assetId = assetRowId(input.assetId);
    const mark = await markDefinition(ctx, { assetId, columnName: input.columnName, status: input.status, note: input.note });
    return { asset: await loadAsset(ctx, assetId), column: mark.columnName === "" ? null : mark.columnName, status: mark.status, note: mark.note };
  }
}
