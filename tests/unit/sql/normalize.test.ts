import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeSql } from "../../../src/core/sql/normalize.js";

const same = (a: string, b: string): void => expect(normalizeSql(a)).toBe(normalizeSql(b));
const differ = (a: string, b: string): void => expect(normalizeSql(a)).not.toBe(normalizeSql(b));

describe("normalizeSql ignores what cannot change the result", () => {
  it("ignores whitespace and line breaks", () => {
    same("select a,b\nfrom t", "  SELECT a ,  b\r\n\tFROM   t  ");
  });
  it("ignores SQL line and block comments", () => {
    same("select a -- the key\nfrom /* source */ t", "select a from t");
  });
  it("ignores Jinja comments", () => {
    same("select {# todo #} a from t", "select a from t");
  });
  it("ignores the case of keywords and unquoted identifiers", () => {
    same("SELECT Amount FROM Orders", "select amount from orders");
  });
  it("ignores whitespace inside Jinja", () => {
    same("select * from {{ref( 'orders' )}}", "select * from {{ ref('orders') }}");
  });
  it("treats a comment between two names as a separator", () => {
    same("select a/**/b from t", "select a b from t");
  });
  it("is stable: normalizing twice changes nothing", () => {
    const once = normalizeSql("Select 'X' as \"Y\" -- c\n from {{ ref('a') }}");
    expect(normalizeSql(once)).toBe(once);
  });
});

describe("normalizeSql keeps what can change the result", () => {
  it("keeps the case and spacing of string literals", () => {
    differ("select 'Paid' from t", "select 'paid' from t");
    differ("select 'a  b' from t", "select 'a b' from t");
  });
  it("keeps the case of quoted identifiers", () => {
    differ('select "Amount" from t', 'select "amount" from t');
    differ("select `Amount` from t", "select `amount` from t");
  });
  it("keeps comment markers inside strings", () => {
    differ("select '--x' from t", "select '' from t");
    differ("select '/* a */' from t", "select '/* b */' from t");
  });
  it("keeps refs written in SQL comments, because dbt counts them as dependencies", () => {
    const withRef = normalizeSql("-- depends_on: {{ ref('customers') }}\nselect 1");
    expect(withRef).toContain("{{ ref('customers') }}");
    differ("-- depends_on: {{ ref('customers') }}\nselect 1", "-- depends_on: {{ ref('orders') }}\nselect 1");
    differ("/* {{ ref('a') }} */ select 1", "select 1");
  });
  it("keeps the case and content of Jinja", () => {
    differ("{{ ref('Orders') }}", "{{ ref('orders') }}");
    differ("{% if var('x') %}a{% endif %}", "{% if var('y') %}a{% endif %}");
    differ("{{ config(materialized='table') }} select 1", "{{ config(materialized='view') }} select 1");
  });
  it("keeps whether Jinja is glued to the SQL around it", () => {
    differ("select * from x{{ suffix }}", "select * from x {{ suffix }}");
  });
  it("keeps literal values and operators", () => {
    differ("select a from t where x = 1", "select a from t where x = 2");
    differ("select a - b from t", "select a + b from t");
    differ("select 1e5", "select 1 e5");
    differ("select a - -1", "select a")
  });
  it("keeps raw blocks verbatim", () => {
    differ("{% raw %}{{ A }}{% endraw %}", "{% raw %}{{ a }}{% endraw %}");
  });
  it("keeps dollar-quoted bodies verbatim", () => {
    differ("select $$ Hello -- x $$", "select $$ hello -- x $$");
  });
  it("preserves quoted identifiers and strings in the output text", () => {
    expect(normalizeSql("SELECT \"Order Id\", 'It''s' FROM T")).toBe("select \"Order Id\",'It''s' from t");
  });
});

describe("normalizeSql on hostile input", () => {
  it("never throws and returns a string for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        expect(typeof normalizeSql(s)).toBe("string");
      }),
      { numRuns: 300 },
    );
  });
  it("never throws on fragments of SQL and Jinja syntax", () => {
    const piece = fc.constantFrom("{{", "}}", "{%", "%}", "{#", "#}", "'", '"', "`", "--", "/*", "*/", "\n", "$$", "ref('a')", " ", "select", "\uE000");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const s = parts.join("");
        expect(normalizeSql(normalizeSql(s))).toBeTypeOf("string");
      }),
      { numRuns: 300 },
    );
  });
  it("handles unterminated strings, comments and Jinja", () => {
    expect(normalizeSql("select 'abc")).toBe("select 'abc");
    expect(normalizeSql("select 1 /* never closed")).toBe("select 1");
    expect(normalizeSql("select {{ ref('a'")).toContain("ref('a'");
  });
  it("stays linear on a megabyte of nesting", () => {
    const deep = "(".repeat(500_000) + "{{".repeat(100_000) + "'".repeat(3);
    expect(normalizeSql(deep).length).toBeGreaterThan(0);
  });
});
