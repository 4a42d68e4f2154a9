import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, documentationFiles, fencedBlocks } from "../support/markdown.js";

const ROOT = REPOSITORY_ROOT;
const DOCUMENTS = documentationFiles();
const schema = buildSchema(readFileSync(join(ROOT, "schema/schema.graphql"), "utf8"));

function problems(query: string): string[] {
  try {
    return validate(schema, parse(query)).map((e) => e.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

describe("GraphQL in the documentation", () => {
  it.each(DOCUMENTS)("every graphql block in %s is valid against schema/schema.graphql", (document) => {
    const blocks = fencedBlocks(readFileSync(join(ROOT, document), "utf8")).filter((b) => b.lang === "graphql");
    expect(blocks.flatMap((b) => problems(b.body).map((p) => `${p}\n${b.body.slice(0, 120)}`))).toEqual([]);
  });

  it("finds the examples", () => {
    const examples = DOCUMENTS.flatMap((d) => fencedBlocks(readFileSync(join(ROOT, d), "utf8")).filter((b) => b.lang === "graphql"));
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it("notices a field the schema does not have", () => {
    expect(problems("{ viewer { role colour } }")).toEqual(['Cannot query field "colour" on type "Viewer".']);
  });
});
