/**
 * The Node versions package.json declares are true: every package the lockfile installs
 * (dependencies, dev tools, optional platform builds) declares support for all of them, the
 * Node running this test is one of them, and so is the Docker image's.
 */
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ours = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { version?: string; engines?: unknown }>;
};

/** Packages whose declared engines are narrower than ours, with the reason none of their code runs. */
const NEVER_RUN: Record<string, string> = {
  "node_modules/@prisma/streams-local":
    "Only `prisma dev` loads it (a dynamic import in @prisma/dev), a local Prisma Postgres server that Tributary never starts; it comes with the prisma CLI, a devDependency.",
};

function declaredNode(engines: unknown): string | null {
  const node = (engines as { node?: unknown } | undefined)?.node;
  return typeof node === "string" ? node : null;
}

describe("declared Node engines", () => {
  it("are a valid range that the Node running the tests satisfies", () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, ours), `Node ${process.versions.node} vs "${ours}"`).toBe(true);
  });

  it("are covered by the engines of every installed package", () => {
    const narrower = Object.entries(lock.packages)
      .filter(([path]) => path !== "" && !(path in NEVER_RUN))
      .flatMap(([path, info]) => {
        const theirs = declaredNode(info.engines);
        return theirs && !semver.subset(ours, theirs) ? [`${path.replace(/^.*node_modules\//, "")}@${info.version}: node "${theirs}"`] : [];
      });
    expect(narrower, `package.json declares node "${ours}"; pick versions that support it (or an override, see package.json)`).toEqual([]);
  });

  it("list only exceptions that are still installed and still narrower", () => {
    for (const path of Object.keys(NEVER_RUN)) {
      const theirs = declaredNode(lock.packages[path]?.engines);
      expect(theirs && !semver.subset(ours, theirs), `${path} no longer needs an exception`).toBe(true);
    }
  });

  it("include the Node of the Docker image", () => {
    const images = [...readFileSync("Dockerfile", "utf8").matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const major of images) expect(semver.intersects(ours, `${major}.x`), `node:${major} vs "${ours}"`).toBe(true);
  });
});
