/**
 * A search snippet: the API wraps matched words in <mark>…</mark> inside otherwise plain text.
 * Only those two tags are honoured; everything else is rendered as text, never parsed as HTML.
 */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  for (const piece of snippet.split(/(<mark>[\s\S]*?<\/mark>)/)) {
    if (!piece) continue;
    const marked = piece.startsWith("<mark>") && piece.endsWith("</mark>");
    parts.push({ text: marked ? piece.slice(6, -7) : piece, marked });
  }
  return parts;
}
