/**
 * dbt YAML test entries → native manifest test entries. dbt writes them as `unique`,
 * `{accepted_values: {values: […], config: {severity: warn}}}`, the dbt ≥ 1.10 form with
 * `arguments:`, or `{test_name: …, name: …}`; the native form is a name or
 * `{name: {…arguments, severity?}}`.
 */
import type { NativeTestInput as NativeTest } from "./nativeTypes.js";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The native entry, or null when the YAML entry is not a test dbt would accept. */
export function nativeTestEntry(entry: unknown): NativeTest | null {
  if (typeof entry === "string") return entry.trim() === "" ? null : entry.trim();
  if (!isRecord(entry)) return null;
  if (typeof entry.test_name === "string") {
    const { test_name: testName, name: _name, ...rest } = entry;
    return withArguments(testName, rest);
  }
  const keys = Object.keys(entry);
  if (keys.length !== 1) return null;
  const testName = keys[0]!;
  const body = entry[testName];
  if (body === null || body === undefined) return testName;
  return isRecord(body) ? withArguments(testName, body) : null;
}

function withArguments(testName: string, body: Record<string, unknown>): NativeTest {
  const { config, arguments: nested, name: _customName, severity: topSeverity, ...inline } = body;
  const args: Record<string, unknown> = { ...inline, ...(isRecord(nested) ? nested : {}) };
  const severity = (isRecord(config) ? config.severity : undefined) ?? topSeverity;
  if (typeof severity === "string" && ["warn", "error"].includes(severity.toLowerCase())) args.severity = severity.toLowerCase();
  return Object.keys(args).length === 0 ? testName : { [testName]: args };
}

/** `tests:` and `data_tests:` together, as dbt reads both. */
export function testEntries(owner: { tests?: unknown[] | null; data_tests?: unknown[] | null }): { tests: NativeTest[]; rejected: unknown[] } {
  const tests: NativeTest[] = [];
  const rejected: unknown[] = [];
  for (const entry of [...(owner.data_tests ?? []), ...(owner.tests ?? [])]) {
    const test = nativeTestEntry(entry);
    if (test === null) rejected.push(entry);
    else tests.push(test);
  }
  return { tests, rejected };
}
