import { describe, expect, it } from "vitest";
import { sqlTokens } from "../../../web/src/lib/sqlTokens.js";

describe("SQL tokens for display", () => {
  it("marks keywords, strings, numbers, comments and Jinja, and keeps every character", () => {
    const sql = "-- orders\nselect order_id, 'it''s' as s, 42 from {{ ref('stg_orders') }} where x > 1.5";
    const tokens = sqlTokens(sql);
    expect(tokens.map((t) => t.text).join("")).toBe(sql);
    const kinds = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(kinds("comment")).toEqual(["-- orders"]);
    expect(kinds("keyword")).toEqual(["select", "as", "from", "where"]);
    expect(kinds("string")).toEqual(["'it''s'"]);
    expect(kinds("number")).toEqual(["42", "1.5"]);
    expect(kinds("jinja")).toEqual(["{{ ref('stg_orders') }}"]);
  });
});
