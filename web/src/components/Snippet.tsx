import { snippetParts } from "../lib/snippet";

/** A search snippet with its matched words in <mark> elements (see lib/snippet.ts). */
export function Snippet({ text }: { text: string }) {
  return (
    <span className="snippet">
      {snippetParts(text).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}
