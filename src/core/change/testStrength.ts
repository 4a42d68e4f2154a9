/**
 * Whether a test that still exists protects less, more, or just differently than before.
 * Known weakenings: severity error → warn, and accepted_values accepting more values.
 * Any other argument change is reported as a change whose strength cannot be judged.
 */
import type { SnapshotTest } from "../manifest/snapshot.js";
import { canonicalJson } from "../canonicalJson.js";

export type TestEdit = "WEAKENED" | "STRENGTHENED" | "CHANGED" | "UNCHANGED";

export interface TestComparison {
  edit: TestEdit;
  /** One phrase per aspect that changed, for the message. */
  aspects: string[];
}

/** Keys that only say where the test points, which the match already established. */
const LOCATION_KWARGS = new Set(["model", "column_name"]);

export function effectiveSeverity(test: SnapshotTest): "error" | "warn" {
  return (test.severity ?? "").trim().toLowerCase() === "warn" ? "warn" : "error";
}

export function testArguments(test: SnapshotTest): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(test.kwargs)) if (!LOCATION_KWARGS.has(key)) args[key] = value;
  return args;
}

export function compareTests(before: SnapshotTest, after: SnapshotTest): TestComparison {
  const edits: Array<{ edit: Exclude<TestEdit, "UNCHANGED">; aspect: string }> = [];
  const severityBefore = effectiveSeverity(before);
  const severityAfter = effectiveSeverity(after);
  if (severityBefore !== severityAfter) {
    edits.push({
      edit: severityAfter === "warn" ? "WEAKENED" : "STRENGTHENED",
      aspect: `severity ${severityBefore} → ${severityAfter}`,
    });
  }
  const argsBefore = testArguments(before);
  const argsAfter = testArguments(after);
  for (const key of [...new Set([...Object.keys(argsBefore), ...Object.keys(argsAfter)])].sort()) {
    if (canonicalJson(argsBefore[key]) === canonicalJson(argsAfter[key])) continue;
    if (key === "values" && after.testType === "accepted_values") {
      edits.push(compareAcceptedValues(argsBefore[key], argsAfter[key]));
    } else {
      edits.push({ edit: "CHANGED", aspect: `${key} changed` });
    }
  }
  return { edit: strongestVerdict(edits.map((e) => e.edit)), aspects: edits.map((e) => e.aspect) };
}

function compareAcceptedValues(
  before: unknown,
  after: unknown,
): { edit: Exclude<TestEdit, "UNCHANGED">; aspect: string } {
  const was = valueSet(before);
  const now = valueSet(after);
  if (was === null || now === null) return { edit: "CHANGED", aspect: "accepted values changed" };
  const gained = [...now].filter((v) => !was.has(v));
  const lost = [...was].filter((v) => !now.has(v));
  if (gained.length > 0 && lost.length === 0) {
    return { edit: "WEAKENED", aspect: `accepted values widened by ${gained.join(", ")}` };
  }
  if (lost.length > 0 && gained.length === 0) {
    return { edit: "STRENGTHENED", aspect: `accepted values narrowed by ${lost.join(", ")}` };
  }
  return { edit: "CHANGED", aspect: `accepted values changed (+${gained.join(", ")} −${lost.join(", ")})` };
}

function valueSet(values: unknown): Set<string> | null {
  return Array.isArray(values) ? new Set(values.map((v) => canonicalJson(v))) : null;
}

/** A weakening anywhere outweighs everything: the test now lets through what it used to stop. */
function strongestVerdict(edits: TestEdit[]): TestEdit {
  if (edits.includes("WEAKENED")) return "WEAKENED";
  if (edits.includes("CHANGED")) return "CHANGED";
  if (edits.includes("STRENGTHENED")) return "STRENGTHENED";
  return "UNCHANGED";
}
