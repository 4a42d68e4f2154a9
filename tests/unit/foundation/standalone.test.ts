/**
 * The repository stands alone: a clone runs its tests and benchmarks with nothing beside it.
 * Data the tests read lives in tests/fixtures/ (see its SOURCES.md); no file of the project may
 * reach for the workplace's shared folder beside the repository again. This file names that
 * folder only in patterns and placeholders, so it passes its own check.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The ways code names a `shared` folder outside the repository. */
const READS_OUTSIDE = [
  /\.\.[\\/]+shared\b/, // a relative path one or more levels up
  /["'`]\.\.["'`]\s*,\s*(?:["'`]\.\.["'`]\s*,\s*)*["'`]shared["'`]/, // path segments: a parent folder, then shared
  /\/work\/shared\b/, // this workplace's absolute path
];

function readsOutside(text: string): boolean {
  return READS_OUTSIDE.some((pattern) => pattern.test(text));
}

/**
 * Every file a clone holds: tracked, plus new ones not yet committed. Markdown is prose (a note
 * may say that nothing reads the shared folder).
 */
function projectFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: repoRoot, encoding: "utf8" });
  return listed
    .split("\0")
    .filter((file) => file !== "" && !file.endsWith(".md"))
    .filter((file) => lstatSync(path.join(repoRoot, file), { throwIfNoEntry: false })?.isFile() ?? false);
}

/** Code as it used to be written, with `<up>` for the parent folder and `<work>` for the workplace. */
const written = (code: string) => code.replaceAll("<up>", "..").replaceAll("<work>", "/work");

describe("the repository stands alone", () => {
  it("recognises the ways the tests and benchmarks used to reach the shared folder", () => {
    expect(readsOutside(written(`return path.join(repoRoot, "<up>", "shared", "fixtures", "dbt", ...parts);`))).toBe(true);
    expect(readsOutside(written(`path.resolve(here, "<up>", "<up>", "shared", "fixtures", "dbt")`))).toBe(true);
    expect(readsOutside(written(`readFileSync("<up>/shared/fixtures/dbt/x.json")`))).toBe(true);
    expect(readsOutside(written(`new URL("<up>/<up>/shared/fixtures/", import.meta.url)`))).toBe(true);
    expect(readsOutside(written(`const fixtures = "<work>/shared/fixtures/dbt";`))).toBe(true);
    expect(readsOutside(`/** Column names are shared between columns. */ const shared = 0;`)).toBe(false);
    expect(readsOutside(`path.join(fixturesRoot, "shared")`)).toBe(false);
  });

  it("has no file that reads the shared folder, this one included", () => {
    const files = projectFiles();
    expect(files).toContain("tests/support/fixtures.ts");
    expect(files).toContain("tests/unit/foundation/standalone.test.ts");
    const offenders = files.filter((file) => readsOutside(readFileSync(path.join(repoRoot, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("keeps the fixtures' provenance and license beside them", () => {
    const files = projectFiles();
    expect(files).toContain("tests/fixtures/dbt/LICENSE");
    expect(readFileSync(path.join(repoRoot, "tests/fixtures/dbt/SOURCES.md"), "utf8")).toContain("Apache License, Version 2.0");
  });
});
