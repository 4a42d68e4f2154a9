/**
 * dbt data tests → SnapshotTest. Generic tests carry `test_metadata`; singular tests (a SQL file
 * under tests/) do not, and belong to no single asset. dbt records the tested asset as
 * `attached_node` from v9 on; before that it is derived from `kwargs.model` and `depends_on`.
 */
import { textOrNull, uniqueInOrder } from "../assetDefaults.js";
import type { SnapshotAsset, SnapshotTest } from "../snapshot.js";
import type { DbtTestNode } from "./manifestSchema.js";
import { parseRelationCall, type RelationCall } from "../relationCall.js";

export interface TestContext {
  assetsById: ReadonlyMap<string, SnapshotAsset>;
  /** For sources: `source_name` of each source unique id. */
  sourceNameOf: ReadonlyMap<string, string>;
}

export function testFromNode(node: DbtTestNode, context: TestContext): SnapshotTest {
  const dependsOn = uniqueInOrder(node.depends_on?.nodes ?? []);
  const metadata = node.test_metadata ?? null;
  const kwargs = metadata?.kwargs ?? {};
  const kwargColumn = typeof kwargs.column_name === "string" ? kwargs.column_name : null;
  return {
    uniqueId: node.unique_id,
    name: node.name,
    testType: metadata?.name ?? "singular",
    namespace: textOrNull(metadata?.namespace),
    attachedUniqueId: metadata === null ? null : attachedNode(node, dependsOn, kwargs, context),
    columnName: textOrNull(node.column_name) ?? kwargColumn,
    severity: textOrNull(node.config?.severity)?.toLowerCase() ?? null,
    kwargs,
    dependsOn,
  };
}

function attachedNode(
  node: DbtTestNode,
  dependsOn: readonly string[],
  kwargs: Record<string, unknown>,
  context: TestContext,
): string | null {
  if (node.attached_node !== undefined) return textOrNull(node.attached_node);
  if (dependsOn.length === 1) return dependsOn[0] ?? null;
  const call = typeof kwargs.model === "string" ? parseRelationCall(kwargs.model) : null;
  if (call === null) return null;
  return dependsOn.find((id) => isCalledRelation(id, call, context)) ?? null;
}

function isCalledRelation(uniqueId: string, call: RelationCall, context: TestContext): boolean {
  const asset = context.assetsById.get(uniqueId);
  if (asset === undefined) return false;
  if (call.kind === "source") {
    return asset.kind === "SOURCE" && asset.name === call.table && context.sourceNameOf.get(uniqueId) === call.sourceName;
  }
  return asset.kind !== "SOURCE" && asset.name === call.name && (call.version === null || asset.version === call.version);
}
