/**
 * `npm ci --omit=dev && npm start` works: npm's postinstall builds dist/ (prisma generate,
 * tsc), so everything the build reads must be a dependency, not a devDependency: the build
 * tools, every package src/ imports, and the type packages the compiler needs for them.
 * (Checked from package.json and the sources, so it needs no install; the report of the
 * change that added this says how a real production install went.)
 */
import { existsSync, readFileSync } from "node:fs";
import { globSync } from "tinyglobby";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const tsconfig = JSON.parse(readFileSync("tsconfig.json", "utf8")) as { compilerOptions: { types?: string[] } };

/**
 * Bare package names that src/ imports (`from "x"`, `import "x"`, `import("x")`), as TypeScript's
 * own scanner reads them, so text in strings and comments (SQL saying `from "…"`) is no import.
 */
function importedPackages(): string[] {
  const names = new Set<string>();
  for (const file of globSync("src/**/*.ts")) {
    for (const { fileName: specifier } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      names.add(specifier.match(/^(@[^/]+\/[^/]+|[^/]+)/)![1]!);
    }
  }
  return [...names].sort();
}

/** The DefinitelyTyped package for a name, if one is installed. */
function typesPackageOf(name: string): string | null {
  const types = `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;
  return existsSync(`node_modules/${types}/package.json`) ? types : null;
}

describe("a production install can build", () => {
  it("has the tools npm's postinstall runs as dependencies", () => {
    expect(pkg.scripts.postinstall).toBe("prisma generate && npm run build");
    expect(pkg.scripts.build).toMatch(/^tsc /);
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["prisma", "typescript"]));
  });

  it("has every package src/ imports, and their type packages, as dependencies", () => {
    const imported = importedPackages();
    expect(imported).toContain("reflect-metadata");
    const needed = [
      ...imported,
      ...imported.flatMap((name) => typesPackageOf(name) ?? []),
      ...(tsconfig.compilerOptions.types ?? []).map((name) => `@types/${name}`),
    ];
    expect(needed.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });
});
