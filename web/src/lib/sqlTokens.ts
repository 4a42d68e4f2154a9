/**
 * Splits SQL (with dbt's Jinja) into coloured tokens for display: comments, Jinja tags,
 * strings, numbers and keywords. A display aid, not a parser: unknown text stays plain.
 * Hand-written because a general highlighter (highlight.js, Prism) adds 20-40 KB for one
 * language the app shows read-only.
 */
export type SqlTokenKind = "comment" | "jinja" | "string" | "number" | "keyword" | "plain";

const KEYWORDS = new Set(
  ("select from where group by order having limit offset join left right inner outer full cross on as and or not in is null " +
    "case when then else end with union all distinct insert into update delete create table view as over partition " +
    "between like ilike exists cast coalesce sum count avg min max true false asc desc qualify window using lateral")
    .split(" "),
);

const TOKEN = /(--[^\n]*|\/\*[\s\S]*?\*\/)|(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\})|('(?:[^']|'')*')|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;

export function sqlTokens(sql: string): { text: string; kind: SqlTokenKind }[] {
  const tokens: { text: string; kind: SqlTokenKind }[] = [];
  let last = 0;
  const plain = (text: string) => {
    if (!text) return;
    const previous = tokens[tokens.length - 1];
    if (previous?.kind === "plain") previous.text += text;
    else tokens.push({ text, kind: "plain" });
  };
  for (const match of sql.matchAll(TOKEN)) {
    plain(sql.slice(last, match.index));
    const [text, comment, jinja, string, number] = match;
    if (comment) tokens.push({ text, kind: "comment" });
    else if (jinja) tokens.push({ text, kind: "jinja" });
    else if (string) tokens.push({ text, kind: "string" });
    else if (number) tokens.push({ text, kind: "number" });
    else if (KEYWORDS.has(text.toLowerCase())) tokens.push({ text, kind: "keyword" });
    else plain(text);
    last = match.index + text.length;
  }
  plain(sql.slice(last));
  return tokens;
}
