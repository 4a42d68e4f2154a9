import { describe, expect, it } from "vitest";
import { findJsonStructureProblem } from "../../../src/core/json/jsonStructure.js";
import { decodeUtf8 } from "../../../src/core/json/utf8.js";
import { findTooDeepValue } from "../../../src/core/json/valueDepth.js";

const arrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("findJsonStructureProblem", () => {
  it("accepts nesting up to the limit and names the path one level past it", () => {
    expect(findJsonStructureProblem(arrays(512))).toBeNull();
    expect(findJsonStructureProblem(`{"a":[{"b":${arrays(3)}}]}`, 4)).toMatchObject({ kind: "TOO_DEEP", path: "$.a[0].b[0]", maxDepth: 4, position: { line: 1, column: 13 } });
    expect(findJsonStructureProblem(arrays(100_000))).toMatchObject({ kind: "TOO_DEEP" });
  });

  it("is not fooled by brackets, quotes and backslashes inside strings", () => {
    expect(findJsonStructureProblem(JSON.stringify({ a: "[[[{{{", b: 'say "hi" \\', c: ["x\\\\", "]"] }), 2)).toBeNull();
  });

  it("finds a key given twice, also when one is written with escapes, and names both places", () => {
    const problem = findJsonStructureProblem('{"n":{"x":1,\n "y":[1,{"k":1}],\n "\\u0078":2}}');
    expect(problem).toEqual({ kind: "DUPLICATE_KEY", path: "$.n", key: "x", first: { line: 1, column: 7 }, second: { line: 3, column: 2 } });
    expect(findJsonStructureProblem('[{"x":1},{"x":2}]')).toBeNull();
  });

  it("finds strings that are not storable text", () => {
    expect(findJsonStructureProblem('{"a":["ok","\\u0000"]}')).toMatchObject({ kind: "INVALID_STRING", path: "$.a[1]" });
    expect(findJsonStructureProblem('{"a":"\\ud800x"}')).toMatchObject({ kind: "INVALID_STRING", path: "$.a" });
    expect(findJsonStructureProblem('{"a":"\\ud83d\\ude00"}')).toBeNull();
  });

  it("never throws on malformed text", () => {
    for (const text of ['{"a', '{"a":"\\', "]]]}}", '{"a":1,"a"', "[".repeat(10) + '"']) expect(() => findJsonStructureProblem(text)).not.toThrow();
  });
});

describe("decodeUtf8", () => {
  it("decodes UTF-8, keeping a U+FFFD the sender wrote", () => {
    expect(decodeUtf8(Buffer.from("caf\u00e9 \uFFFD"))).toEqual({ ok: true, text: "caf\u00e9 \uFFFD" });
  });

  it("names the first invalid byte past a U+FFFD the sender wrote", () => {
    const bytes = Buffer.concat([Buffer.from("\uFFFD\n\u00e9"), Buffer.from([0xc3]), Buffer.from("x")]);
    expect(decodeUtf8(bytes)).toEqual({ ok: false, byteOffset: 6, position: { line: 2, column: 2 } });
  });
});

describe("findTooDeepValue", () => {
  it("walks any depth without recursion and names the first container past the limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findTooDeepValue({ a: deep }, 512)).toBe(`$.a${"[0]".repeat(511)}`);
    expect(findTooDeepValue({ a: [[1]] }, 3)).toBeNull();
  });
});
