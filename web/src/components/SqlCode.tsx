import { useMemo } from "react";
import { sqlTokens } from "../lib/sqlTokens";

/**
 * SQL shown with its keywords, strings, comments and Jinja coloured (as text nodes, never HTML).
 * Long SQL scrolls inside its box, so the box takes keyboard focus (arrow keys scroll it).
 */
export function SqlCode({ sql }: { sql: string }) {
  const tokens = useMemo(() => sqlTokens(sql), [sql]);
  return (
    <pre className="sql" tabIndex={0}>
      <code>{tokens.map((t, i) => (t.kind === "plain" ? t.text : <span key={i} className={`sql-${t.kind}`}>{t.text}</span>))}</code>
    </pre>
  );
}
