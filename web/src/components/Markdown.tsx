/**
 * Markdown descriptions. The parser and sanitizer are a third of the first page's JavaScript and
 * only the asset page needs them: they load on their own (preloadMarkdown starts it alongside the
 * page's query), the text showing plain until they are there.
 */
import { lazy, Suspense } from "react";

const load = () => import("./MarkdownHtml");
const MarkdownHtml = lazy(load);

export function preloadMarkdown(): void {
  void load();
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`markdown plain ${className ?? ""}`}>{source}</div>}>
      <MarkdownHtml source={source} className={className} />
    </Suspense>
  );
}
