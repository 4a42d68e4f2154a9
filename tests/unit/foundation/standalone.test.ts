/**
 * The repository stands alone: a clone runs its tests and benchmarks with nothing beside it.
 * Data the tests read lives in tests/fixtures/ (see its SOURCES.md); no file of the project may
 * reach for the workplace's `../shared` folder again.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const thisFile = path.relative(repoRoot, fileURLToPath(import.meta.url)).split(path.sep).join("/");

/** The ways code names a `shared` folder outside the repository. */
const READS_OUTSIDE = [
  /\.\.[\\/]+shared\b/, // "../shared/…", "../../shared"
  /["'`]\.\.["'`]\s*,\s*(?:["'`]\.\.["'`]\s*,\s*)*["'`]shared["'`]/, // path.join(root, "..", "shared", …)
  /\/work\/shared\b/, // this workplace's absolute path
];

function readsOutside(text: string): boolean {
  return READS_OUTSIDE.some((pattern) => pattern.test(text));
}

/**
 * Every file a clone holds: tracked, plus new ones not yet committed. Markdown is prose (a note
 * may say that nothing reads `../shared`), and this file holds the patterns themselves.
 */
function projectFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: repoRoot, encoding: "utf8" });
  return listed
    .split("\0")
    .filter((file) => file !== "" && file !== thisFile && !file.endsWith(".md"))
    .filter((file) => lstatSync(path.join(repoRoot, file), { throwIfNoEntry: false })?.isFile() ?? false);
}

describe("the repository stands alone", () => {
  it("recognises the ways the tests and benchmarks used to reach ../shared", () => {
    expect(readsOutside(`return path.join(repoRoot, "..", "shared", "fixtures", "dbt", ...parts);`)).toBe(true);
    expect(readsOutside(`path.resolve(here, "..", "..", "shared", "fixtures", "dbt")`)).toBe(true);
    expect(readsOutside(`readFileSync("../shared/fixtures/dbt/x.json")`)).toBe(true);
    expect(readsOutside(`new URL("../../shared/fixtures/", import.meta.url)`)).toBe(true);
    expect(readsOutside(`const fixtures = "/work/shared/fixtures/dbt";`)).toBe(true);
    expect(readsOutside(`/** Column names are shared between columns. */ const shared = 0;`)).toBe(false);
    expect(readsOutside(`path.join(fixturesRoot, "shared")`)).toBe(false);
  });

  it("has no file that reads ../shared", () => {
    const files = projectFiles();
    expect(files).toContain("tests/support/fixtures.ts");
    const offenders = files.filter((file) => readsOutside(readFileSync(path.join(repoRoot, file), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("keeps the fixtures' provenance and license beside them", () => {
    const files = projectFiles();
    expect(files).toContain("tests/fixtures/dbt/LICENSE");
    expect(readFileSync(path.join(repoRoot, "tests/fixtures/dbt/SOURCES.md"), "utf8")).toContain("Apache License, Version 2.0");
  });
});
