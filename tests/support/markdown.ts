/**
 * Just enough Markdown reading for the documentation tests: fenced code blocks, heading anchors
 * as GitHub makes them, and relative links. No Markdown library is installed, and these three
 * rules are all the tests need, so they are written here rather than added as a dependency.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPOSITORY_ROOT = resolve(import.meta.dirname, "../..");

/** The documents people read: the README and docs/*.md, relative to the repository root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(REPOSITORY_ROOT, "docs")).filter((f) => f.endsWith(".md"));
  return ["README.md", ...docs.map((f) => `docs/${f}`)];
}

export interface FencedBlock {
  /** The info string's first word (`sh`, `text`, …), "" when there is none. */
  lang: string;
  body: string;
}

export interface MarkdownLink {
  target: string;
  line: number;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** Splits a document into its fenced code blocks and its prose lines (code blocks blanked). */
function scan(markdown: string): { blocks: FencedBlock[]; prose: string[] } {
  const blocks: FencedBlock[] = [];
  const prose: string[] = [];
  let open: { fence: string; lang: string; lines: string[] } | null = null;
  for (const line of markdown.split("\n")) {
    const fence = FENCE.exec(line);
    if (open) {
      prose.push("");
      if (fence && fence[2]!.startsWith(open.fence) && line.trim() === fence[2]) {
        blocks.push({ lang: open.lang, body: open.lines.join("\n") });
        open = null;
      } else open.lines.push(line);
    } else if (fence) {
      prose.push("");
      open = { fence: fence[2]!, lang: fence[3] ?? "", lines: [] };
    } else prose.push(line);
  }
  return { blocks, prose };
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  return scan(markdown).blocks;
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of scan(markdown).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Links that point inside the repository: not to a scheme (https:, mailto:), outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  scan(markdown).prose.forEach((line, index) => {
    const withoutCode = line.replace(/(`+)[^`]*?\1/g, "");
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ target, line: index + 1 });
    }
  });
  return links;
}
