/** Asset descriptions are markdown from dbt projects: parsed, then sanitized (its own chunk: see Markdown). */
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";

export default function MarkdownHtml({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true }) as string), [source]);
  return <div className={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
