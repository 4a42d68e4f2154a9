import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaSdl } from "../../src/graphql/sdl.js";

describe("schema/schema.graphql", () => {
  it("is the SDL the server builds (run `npm run schema:emit` after changing the API)", async () => {
    expect(readFileSync("schema/schema.graphql", "utf8")).toBe(await schemaSdl());
  });
});
