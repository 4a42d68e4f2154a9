/** The definition_conflict fixture (tests/fixtures/built/definition_conflict): two projects' customer acquisition cost. */
import { readFileSync } from "node:fs";
import { fixturePath } from "./fixtures.js";

export function conflictFixture(project: "marketing" | "finance"): Record<string, unknown> {
  return JSON.parse(readFileSync(fixturePath("..", "built", "definition_conflict", `${project}.json`), "utf8")) as Record<string, unknown>;
}
