import type { GlossaryTerm as TermRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { GlossaryTerm } from "../types/glossary.js";

export function glossaryTermOf(row: TermRow): GlossaryTerm {
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
