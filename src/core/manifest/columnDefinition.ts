/**
 * A column definition is a column's name with its description, the thing a stakeholder
 * searches for. dbt projects repeat both across models (doc blocks, renamed-through columns),
 * so the catalog keeps each distinct definition once per tenant and columns point at it.
 *
 * The id is derived from the content, so ingestion writes definitions without reading them
 * back and two posts naming the same definition meet on the same row. The search_definitions
 * migration computed the same id in SQL to backfill existing columns: keep them in step.
 */
import { sha256Hex } from "../canonicalJson.js";

export function columnDefinitionId(name: string, description: string | null): string {
  // The length (in code points, as PostgreSQL's char_length counts) keeps name and description apart.
  return sha256Hex(`${[...name].length}:${name}${definitionDescription(description) ?? ""}`).slice(0, 32);
}

/** A column's definition row: its id, name and description (an empty description as none). */
export function columnDefinition(name: string, description: string | null): { id: string; name: string; description: string | null } {
  return { id: columnDefinitionId(name, description), name, description: definitionDescription(description) };
}

/** An empty description says nothing: it is stored as none. */
function definitionDescription(description: string | null): string | null {
  return description === null || description.trim() === "" ? null : description;
}
