/**
 * Data test changes. A generic test's unique_id embeds a hash of its arguments, so widening
 * accepted_values gives the test a new id: tests are matched first by id, then the remaining
 * ones by what they test (asset, column, package, test name) when that pairs them one-to-one.
 * Tests of assets that were themselves added or removed are covered by that asset's change.
 */
import type { SnapshotTest } from "../manifest/snapshot.js";
import { createChange, type Change } from "./change.js";
import type { ReasonCode } from "./reasonCodes.js";
import { testedAssetOf } from "./testTarget.js";
import { compareTests, effectiveSeverity, testArguments, type TestEdit } from "./testStrength.js";

export interface TestDiffScope {
  /** Assets present in only one snapshot; their tests are not reported separately. */
  addedOrRemovedAssets: ReadonlySet<string>;
  labelOf: (assetUniqueId: string) => string;
}

export function diffTests(before: readonly SnapshotTest[], after: readonly SnapshotTest[], scope: TestDiffScope): Change[] {
  const inScope = (t: SnapshotTest): boolean => !scope.addedOrRemovedAssets.has(testedAssetOf(t));
  const afterById = new Map(after.filter(inScope).map((t) => [t.uniqueId, t]));
  const beforeById = new Map(before.filter(inScope).map((t) => [t.uniqueId, t]));
  const pairs: Array<[SnapshotTest, SnapshotTest]> = [];
  const removed: SnapshotTest[] = [];
  for (const [id, test] of beforeById) {
    const match = afterById.get(id);
    if (match === undefined) removed.push(test);
    else pairs.push([test, match]);
  }
  const added = [...afterById.values()].filter((t) => !beforeById.has(t.uniqueId));
  const rematched = pairByPurpose(removed, added);
  pairs.push(...rematched.pairs);

  const changes: Change[] = [];
  for (const test of rematched.removed) changes.push(testPresenceChange("TEST_REMOVED", test, scope));
  for (const test of rematched.added) changes.push(testPresenceChange("TEST_ADDED", test, scope));
  for (const [was, now] of pairs) {
    const change = testEditChange(was, now, scope);
    if (change !== null) changes.push(change);
  }
  return changes;
}

function pairByPurpose(removed: SnapshotTest[], added: SnapshotTest[]) {
  const removedByKey = groupBy(removed, purposeKey);
  const addedByKey = groupBy(added, purposeKey);
  const pairs: Array<[SnapshotTest, SnapshotTest]> = [];
  const paired = new Set<SnapshotTest>();
  for (const [key, group] of removedByKey) {
    const candidates = addedByKey.get(key);
    const was = group[0];
    const now = candidates?.[0];
    if (group.length !== 1 || candidates?.length !== 1 || was === undefined || now === undefined) continue;
    pairs.push([was, now]);
    paired.add(was).add(now);
  }
  return {
    pairs,
    removed: removed.filter((t) => !paired.has(t)),
    added: added.filter((t) => !paired.has(t)),
  };
}

/** Singular tests are files: their name is their purpose. */
function purposeKey(test: SnapshotTest): string {
  const name = test.testType === "singular" ? test.name : test.testType;
  return JSON.stringify([testedAssetOf(test), test.columnName?.toLowerCase() ?? null, test.namespace, name]);
}

function testIdentity(test: SnapshotTest): Record<string, unknown> {
  return {
    testType: test.testType,
    namespace: test.namespace,
    ...(test.testType === "singular" ? { name: test.name } : {}),
  };
}

function testState(test: SnapshotTest): Record<string, unknown> {
  return { ...testIdentity(test), severity: effectiveSeverity(test), arguments: testArguments(test) };
}

function describeTest(test: SnapshotTest, scope: TestDiffScope): string {
  const kind = test.testType === "singular" ? `singular test ${test.name}` : `${qualifiedType(test)} test`;
  const column = test.columnName === null ? "" : ` on column ${test.columnName}`;
  return `${kind}${column} of ${scope.labelOf(testedAssetOf(test))}`;
}

function qualifiedType(test: SnapshotTest): string {
  return test.namespace === null ? test.testType : `${test.namespace}.${test.testType}`;
}

function testPresenceChange(
  reasonCode: "TEST_ADDED" | "TEST_REMOVED",
  test: SnapshotTest,
  scope: TestDiffScope,
): Change {
  const description = describeTest(test, scope);
  const removed = reasonCode === "TEST_REMOVED";
  return createChange({
    reasonCode,
    assetUniqueId: testedAssetOf(test),
    ...columnOf(test),
    message: `The ${description} was ${removed ? "removed" : "added"}.`,
    before: removed ? testState(test) : null,
    after: removed ? null : testState(test),
    context: { testUniqueId: test.uniqueId },
  });
}

function testEditChange(was: SnapshotTest, now: SnapshotTest, scope: TestDiffScope): Change | null {
  const comparison = compareTests(was, now);
  if (comparison.edit === "UNCHANGED") return null;
  const { reasonCode, verb } = EDIT_REASONS[comparison.edit];
  return createChange({
    reasonCode,
    assetUniqueId: testedAssetOf(now),
    ...columnOf(now),
    message: `The ${describeTest(now, scope)} ${verb}: ${comparison.aspects.join("; ")}.`,
    before: testState(was),
    after: testState(now),
    context: { testUniqueId: now.uniqueId, previousTestUniqueId: was.uniqueId },
  });
}

const EDIT_REASONS = {
  WEAKENED: { reasonCode: "TEST_WEAKENED", verb: "was weakened" },
  STRENGTHENED: { reasonCode: "TEST_STRENGTHENED", verb: "was strengthened" },
  CHANGED: { reasonCode: "TEST_CHANGED", verb: "was changed" },
} as const satisfies Record<Exclude<TestEdit, "UNCHANGED">, { reasonCode: ReasonCode; verb: string }>;

function columnOf(test: SnapshotTest): { columnName?: string } {
  return test.columnName === null ? {} : { columnName: test.columnName };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
