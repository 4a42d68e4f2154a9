/**
 * DEFINITION_CONFLICT: the post defines a business concept differently from a definition the
 * tenant already has (or adds yet another way to compute one already in conflict). One finding
 * per definition of the posted project in each new conflict (core/definitions newConflicts),
 * naming every other definition of the conflict: another project's, or another of its own (two
 * marts of one project computing the same concept two ways conflict too).
 */
import type { DefinitionConflict } from "../definitions/conflicts.js";
import type { PolicyFinding } from "./policyFindings.js";

export function definitionConflictFindings(conflicts: readonly DefinitionConflict[], project: string): Omit<PolicyFinding, "severity" | "blocking">[] {
  return conflicts.flatMap((conflict) => {
    const ours = conflict.definitions.filter((d) => d.project === project);
    return ours.map((definition) => {
      const rivals = conflict.definitions.filter((d) => d.key !== definition.key).map((d) => `${d.project}'s ${d.assetName}${d.columnName ? `.${d.columnName}` : ""}`);
      const where = `${definition.assetName}${definition.columnName ? `.${definition.columnName}` : ""}`;
      return {
        code: "DEFINITION_CONFLICT" as const,
        assetUniqueId: definition.assetUniqueId,
        ...(definition.columnName ? { columnNames: [definition.columnName] } : {}),
        message: `${where} defines "${conflict.concept.name}" differently from ${rivals.join(", ")} (${conflict.differences.map((d) => d.toLowerCase()).join(", ")} differ${conflict.differences.length === 1 ? "s" : ""}): certify one with markDefinition, or rename.`,
      };
    });
  });
}
