/**
 * What a post does to the tenant's business definitions: the conflicts it introduces (against the
 * other projects and the project's own current definitions), and the notice to the owners of the
 * definitions in each (the notification outbox, in the post's transaction).
 */
import { createHash } from "node:crypto";
import { conceptsOf, definitionsOf, findConflicts, newConflicts, type DefinitionConflict } from "../../core/definitions/index.js";
import { TermMatcher } from "../../core/glossary/termNames.js";
import { ownerKey, type CatalogSnapshot } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { notifyMany, type NotifyEvent } from "../notifications/notify.js";
import { loadDefinitionSources } from "./definitionSources.js";
import { loadTerms } from "./tenantDefinitions.js";

export async function conflictsIntroducedBy(tx: TenantTx, tenantId: string, project: string, snapshot: CatalogSnapshot): Promise<DefinitionConflict[]> {
  const [stored, terms] = await Promise.all([loadDefinitionSources(tx, tenantId), loadTerms(tx)]);
  const current = stored.sources.find((s) => s.project === project);
  const posted = definitionsOf({
    project,
    adapter: snapshot.adapter,
    assets: snapshot.assets.map((a) => ({ ...a, sql: a.compiledSql ?? a.rawSql, owners: a.owners.map(ownerKey) })),
    apiLinks: current?.apiLinks,
    statuses: current?.statuses,
  });
  if (posted.length === 0) return [];
  const matcher = new TermMatcher(terms);
  // A conflict the post introduces is about a concept one of its definitions has, and a concept
  // depends on names and links alone: the stored models with no column of those concepts need
  // not be parsed (the post would otherwise parse the SQL of every mart of the tenant).
  const postedConcepts = new Set(posted.flatMap((d) => conceptsOf(d, matcher).map((c) => c.key)));
  const mayConflict = (name: string, linkedTerms: readonly string[]) => conceptsOf({ name, linkedTerms }, matcher).some((c) => postedConcepts.has(c.key));
  const others = stored.sources.filter((s) => s.project !== project).flatMap((s) => definitionsOf(s, mayConflict));
  const before = findConflicts([...others, ...(current ? definitionsOf(current, mayConflict) : [])], matcher);
  const after = findConflicts([...others, ...posted], matcher);
  return newConflicts(before, after).filter((conflict) => conflict.definitions.some((d) => d.project === project));
}

/** One notification per conflict and owner; a re-post of the same definitions notifies nobody again. */
export async function notifyConflictOwners(tx: TenantTx, tenantId: string, project: string, conflicts: readonly DefinitionConflict[]): Promise<void> {
  const keys = [...new Set(conflicts.flatMap((c) => c.definitions.flatMap((d) => d.owners)))];
  if (keys.length === 0) return;
  const ownerIds = new Map((await tx.owner.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } })).map((o) => [o.key, o.id]));
  const items = conflicts.map((conflict) => {
    const members = conflict.definitions.map((d) => `${d.key}=${d.formula.expression ?? ""}`).sort();
    const event: NotifyEvent = {
      type: "definition.conflict",
      changeRequestId: null,
      eventKey: `definition-conflict:${conflict.concept.key}:${hashOf(members.join("\n"))}`,
      title: `${project} defines "${conflict.concept.name}" differently`,
      payload: {
        project,
        concept: conflict.concept.name,
        differences: conflict.differences,
        definitions: conflict.definitions.map((d) => ({
          project: d.project,
          asset: d.assetUniqueId,
          column: d.columnName,
          expression: d.formula.expression,
          ...(d.summary ? { summary: d.summary } : {}),
          description: d.description,
          owners: d.owners,
        })),
      },
    };
    return { event, recipients: conflict.definitions.flatMap((d) => d.owners).flatMap((key) => ownerIds.get(key) ?? []) };
  });
  const addressed = items.filter((item) => item.recipients.length > 0);
  if (addressed.length > 0) await notifyMany(tx, tenantId, addressed);
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
