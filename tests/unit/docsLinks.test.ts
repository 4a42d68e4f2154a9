import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, documentationFiles, headingAnchors, relativeLinks } from "../support/markdown.js";

const ROOT = REPOSITORY_ROOT;
const DOCUMENTS = documentationFiles();

function brokenLinks(document: string): string[] {
  const file = join(ROOT, document);
  const broken: string[] = [];
  for (const { target, line } of relativeLinks(readFileSync(file, "utf8"))) {
    const [path, anchor] = target.split("#") as [string, string | undefined];
    const linked = path === "" ? file : resolve(dirname(file), decodeURI(path));
    const where = `${document}:${line} → ${target}`;
    if (!existsSync(linked)) broken.push(`${where}: no such file ${relative(ROOT, linked)}`);
    else if (anchor !== undefined && linked.endsWith(".md") && !headingAnchors(readFileSync(linked, "utf8")).has(anchor)) {
      broken.push(`${where}: no heading #${anchor} in ${relative(ROOT, linked)}`);
    }
  }
  return broken;
}

describe("documentation links", () => {
  it("finds the README and the documents in docs/", () => {
    expect(DOCUMENTS).toContain("docs/walkthrough.md");
  });

  it.each(DOCUMENTS)("every relative link and anchor in %s resolves", (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });

  it("keeps the README to one page", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8").split("\n").length).toBeLessThan(300);
  });
});

describe("the link checker itself", () => {
  it("makes GitHub's heading anchors", () => {
    const anchors = headingAnchors("# Posting from CI: `tributary push`\n## SQL (`src/core/sql/`)\n## Limits\n## Limits\n```sh\n# not a heading\n```\n");
    expect([...anchors]).toEqual(["posting-from-ci-tributary-push", "sql-srccoresql", "limits", "limits-1"]);
  });

  it("reads links outside code only, and skips absolute URLs", () => {
    const links = relativeLinks("See [ops](docs/operations.md#lock) and [web](https://x.test/a).\n`[no](code.md)`\n```\n[no](block.md)\n```\n[here](#top)");
    expect(links).toEqual([
      { target: "docs/operations.md#lock", line: 1 },
      { target: "#top", line: 6 },
    ]);
  });
});
