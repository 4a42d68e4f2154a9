import { describe, expect, it } from "vitest";
import { snippetParts } from "../../../web/src/lib/snippet.js";

describe("search snippets", () => {
  it("turns only the API's <mark> pairs into marked parts", () => {
    expect(snippetParts("Total <mark>value</mark> of all orders over their <mark>lifetime</mark>")).toEqual([
      { text: "Total ", marked: false },
      { text: "value", marked: true },
      { text: " of all orders over their ", marked: false },
      { text: "lifetime", marked: true },
    ]);
  });

  it("keeps any other markup in a description as text", () => {
    const parts = snippetParts('<img src=x onerror="alert(1)"> <mark><b>revenue</b></mark>');
    expect(parts).toEqual([
      { text: '<img src=x onerror="alert(1)"> ', marked: false },
      { text: "<b>revenue</b>", marked: true },
    ]);
  });
});
