/**
 * The little Jinja that YAML property files use in practice, rendered without dbt:
 * `{{ doc('name') }}` in descriptions (from `{% docs name %}…{% enddocs %}` blocks in `.md`
 * files) and `{{ var('name', 'default') }}` in schema/identifier fields. Anything else stays
 * unrendered and the caller decides whether to keep or drop the value.
 */

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z0-9_]+)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
const DOC_CALL = /\{\{-?\s*doc\(\s*(['"])([^'"]+)\1\s*\)\s*-?\}\}/g;
const VAR_ONLY = /^\s*\{\{-?\s*var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(?:(['"])([^'"]*)\3|([^)\s]+))\s*)?\)\s*-?\}\}\s*$/;

/** Every `{% docs name %}` block of one Markdown file, by name, trimmed as dbt does. */
export function docBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(DOCS_BLOCK)) blocks.set(match[1]!, match[2]!.trim());
  return blocks;
}

export interface RenderContext {
  docs: ReadonlyMap<string, string>;
  vars: ReadonlyMap<string, unknown>;
}

/** A description with its `{{ doc() }}` calls replaced; unknown blocks are left as written. */
export function renderDescription(text: string, context: RenderContext): string {
  return text.replace(DOC_CALL, (call, _quote, name: string) => context.docs.get(name) ?? call);
}

/**
 * A name-like value (schema, database, identifier): plain text as is; a lone
 * `{{ var('x', 'default') }}` as the project's var or the default; other Jinja → undefined.
 */
export function renderName(value: unknown, context: RenderContext): string | undefined {
  if (typeof value !== "string") return undefined;
  const call = VAR_ONLY.exec(value);
  if (call) {
    const fromVars = context.vars.get(call[2]!);
    const rendered = typeof fromVars === "string" ? fromVars : (call[4] ?? undefined);
    return rendered !== undefined && rendered.trim() !== "" && !/\{\{|\{%/.test(rendered) ? rendered.trim() : undefined;
  }
  return value.trim() === "" || /\{\{|\{%/.test(value) ? undefined : value.trim();
}
