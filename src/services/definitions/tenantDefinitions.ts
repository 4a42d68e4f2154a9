/**
 * The tenant's business definitions and their conflicts, computed from the stored catalog and
 * the glossary, and kept per process keyed by the catalog revision (every post, glossary edit
 * and decision moves it), as the search index is. Building them parses the SQL of the candidate
 * models once per revision, not once per request.
 */
import { findConflicts, definitionsOf, type BusinessDefinition, type DefinitionConflict } from "../../core/definitions/index.js";
import { TermMatcher, type NamedTerm } from "../../core/glossary/termNames.js";
import { TenantGraphCache, type Sized } from "../../core/lineage/index.js";
import { sharedWork } from "../../db/abandonWork.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { catalogRevisions } from "../catalogRevision.js";
import { loadDefinitionSources } from "./definitionSources.js";

export class TenantDefinitions implements Sized {
  readonly byteSize: number;
  readonly byKey: Map<string, BusinessDefinition>;

  constructor(
    readonly definitions: BusinessDefinition[],
    readonly terms: TermMatcher,
    readonly conflicts: DefinitionConflict[],
    /** Definition key → asset row id. */
    readonly assetIds: Map<string, string>,
  ) {
    this.byKey = new Map(definitions.map((d) => [d.key, d]));
    this.byteSize = 2_000 + definitions.reduce((bytes, d) => bytes + 600 + 2 * ((d.formula.expression?.length ?? 0) + (d.description?.length ?? 0)), 0);
  }
}

const DEFINITIONS_BUDGET_BYTES = 64 * 2 ** 20;
const cache = new TenantGraphCache<TenantDefinitions>(DEFINITIONS_BUDGET_BYTES);

export async function tenantDefinitions(ctx: TenantContext): Promise<TenantDefinitions> {
  const { catalog } = await catalogRevisions(ctx);
  return cache.get(ctx.tenant.id, catalog, () => sharedWork(() => buildDefinitions(ctx.db, ctx.tenant.id)));
}

export async function loadTerms(db: Pick<TenantDb | TenantTx, "glossaryTerm">): Promise<NamedTerm[]> {
  return db.glossaryTerm.findMany({ select: { id: true, name: true, synonyms: true, abbreviations: true }, orderBy: { id: "asc" } });
}

/** The definitions of every project of the tenant. */
async function buildDefinitions(db: TenantDb, tenantId: string): Promise<TenantDefinitions> {
  const [stored, terms] = await Promise.all([loadDefinitionSources(db, tenantId), loadTerms(db)]);
  const definitions = stored.sources.flatMap((source) => definitionsOf(source)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const assetIdOf = new Map([...stored.assets].map(([id, info]) => [`${info.project}/${info.uniqueId}`, id]));
  const assetIds = new Map(definitions.map((d) => [d.key, assetIdOf.get(`${d.project}/${d.assetUniqueId}`)!]));
  const matcher = new TermMatcher(terms);
  return new TenantDefinitions(definitions, matcher, findConflicts(definitions, matcher), assetIds);
}
