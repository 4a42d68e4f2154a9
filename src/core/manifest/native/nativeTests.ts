/**
 * Native test entries (`"unique"`, `{"accepted_values": {"values": […]}}`) → SnapshotTest, named
 * and identified the way dbt does it (`test.<project>.<type>_<model>_<column>.<hash>`), so a test
 * keeps its id across posts for as long as its target and arguments stay the same.
 */
import { canonicalJson, sha256Hex } from "../../canonicalJson.js";
import type { SnapshotTest } from "../snapshot.js";
import type { NativeTest } from "./nativeManifestSchema.js";
import { resolveReference, type RefTargets } from "./nativeReferences.js";

export interface TestTarget {
  project: string;
  /** The asset the test is attached to, and the readable name used in the test's name. */
  attachedUniqueId: string;
  label: string;
  columnName: string | null;
  /** What a `to:` ref names in this manifest. */
  refs?: RefTargets;
}

export function testFromEntry(entry: NativeTest, target: TestTarget): SnapshotTest {
  const [qualifiedType, rawArgs] = typeof entry === "string" ? [entry, {}] : (Object.entries(entry)[0] ?? ["", {}]);
  const { severity, ...args } = rawArgs;
  const dot = qualifiedType.lastIndexOf(".");
  const testType = dot === -1 ? qualifiedType : qualifiedType.slice(dot + 1);
  const namespace = dot === -1 ? null : qualifiedType.slice(0, dot);
  const kwargs: Record<string, unknown> = target.columnName === null ? args : { column_name: target.columnName, ...args };
  const name = [testType, target.label, target.columnName].filter((part) => part !== null).join("_");
  const hash = sha256Hex(canonicalJson([target.attachedUniqueId, qualifiedType, kwargs])).slice(0, 10);
  const related = typeof args.to === "string" ? [resolveReference(args.to, target.project, target.refs)] : [];
  return {
    uniqueId: `test.${target.project}.${name}.${hash}`,
    name,
    testType,
    namespace,
    attachedUniqueId: target.attachedUniqueId,
    columnName: target.columnName,
    severity: typeof severity === "string" ? severity.toLowerCase() : null,
    kwargs,
    dependsOn: [...new Set([...related, target.attachedUniqueId])],
  };
}
