import type { DbtRef, DbtSource } from "../analysis.js";
import { isIdentifierChar } from "../lexer/tokenize.js";
import { findDependencyCalls, type DependencyCall } from "./dependencyCalls.js";
import { tokenizeJinja, type JinjaToken } from "./expressionTokens.js";
import { lexTemplate, type JinjaTag } from "./templateLexer.js";

/**
 * Renders a dbt model's Jinja away into plain SQL a parser can read, without a Jinja runtime:
 * refs and sources become placeholder relation names that map back to the call, other
 * expressions become opaque placeholders, and of each `{% if %}` one branch is kept.
 */

export type Placeholder =
  | { kind: "ref"; ref: DbtRef; start: number }
  | { kind: "source"; source: DbtSource; start: number }
  /** `{{ this }}`: the model itself, never an upstream. */
  | { kind: "this"; start: number }
  /** Any other expression (`var(...)`, a macro call): its value is unknown here. */
  | { kind: "expression"; text: string; start: number };

export interface RenderedTemplate {
  sql: string;
  /** Placeholder name (as it appears in `sql`) → what it stands for. */
  placeholders: Map<string, Placeholder>;
  /** Every ref/source call in the template, rendered or not (dbt counts calls in comments and in every branch it runs). */
  calls: DependencyCall[];
  /** Maps an offset in `sql` back to the offset in the template. */
  toTemplateOffset(renderedOffset: number): number;
  problems: TemplateProblem[];
}

/** A problem in the template, at an offset of the template. */
export interface TemplateProblem {
  code: string;
  message: string;
  offset: number;
}

export const PLACEHOLDER_PREFIX = "__jinja_";

/** `{{ cols.append(x) }}`: called for its effect on a Jinja variable, renders nothing useful. */
const LIST_MUTATORS = /\.(?:append|extend|update|insert|pop|remove)$/;

/** Statement blocks whose body is not model output: it is captured, defined or run at compile time. */
const CAPTURING_BLOCKS = new Set(["macro", "call", "docs", "set"]);
/** Statement blocks whose body is part of the output. */
const OUTPUT_BLOCKS = new Set(["filter", "block", "snapshot", "test", "materialization", "with", "autoescape", "for", "if"]);

interface Frame {
  opener: string;
  emitting: boolean;
  /** `if` only: a branch has been chosen, later `elif`/`else` are skipped. */
  branchTaken: boolean;
}

export function renderTemplate(template: string): RenderedTemplate {
  const renderer = new Renderer(template);
  for (const segment of lexTemplate(template)) {
    switch (segment.kind) {
      case "text":
        renderer.emitText(segment.start, segment.end);
        break;
      case "raw":
        renderer.emitText(segment.contentStart, segment.contentEnd);
        break;
      case "comment":
        if (!segment.terminated) renderer.warn("JINJA_UNTERMINATED", "Jinja comment `{#` is never closed", segment.start);
        break;
      case "expression":
        renderer.expression(segment);
        break;
      case "statement":
        renderer.statement(segment);
        break;
    }
  }
  return renderer.finish();
}

class Renderer {
  private readonly pieces: string[] = [];
  private readonly renderedStarts: number[] = [];
  private readonly templateStarts: number[] = [];
  /** Whether a piece maps offset-for-offset (text) or collapses onto its tag's start (placeholder). */
  private readonly pieceIsText: boolean[] = [];
  private renderedLength = 0;
  private readonly frames: Frame[] = [];
  private readonly placeholders = new Map<string, Placeholder>();
  private readonly calls: DependencyCall[] = [];
  private readonly problems: TemplateProblem[] = [];

  constructor(private readonly template: string) {}

  private get emitting(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top === undefined || top.emitting;
  }

  emitText(start: number, end: number): void {
    if (!this.emitting || end <= start) return;
    this.push(this.template.slice(start, end), start, true);
  }

  expression(tag: JinjaTag): void {
    if (!tag.terminated) this.warn("JINJA_UNTERMINATED", "Jinja expression `{{` is never closed", tag.start);
    const tokens = tokenizeJinja(this.template, tag.bodyStart, tag.bodyEnd);
    const calls = findDependencyCalls(tokens);
    this.calls.push(...calls);
    if (!this.emitting) return;
    const replacement = this.replacementFor(tag, tokens, calls);
    if (replacement === "") return;
    this.push(this.glued(tag) ? replacement : ` ${replacement} `, tag.start, false);
  }

  statement(tag: JinjaTag): void {
    if (!tag.terminated) this.warn("JINJA_UNTERMINATED", "Jinja tag `{%` is never closed", tag.start);
    const tokens = tokenizeJinja(this.template, tag.bodyStart, tag.bodyEnd);
    this.calls.push(...findDependencyCalls(tokens));
    const keyword = tokens[0]?.kind === "name" ? tokens[0].value : "";
    const parentEmitting = (): boolean => this.frames.length < 2 || this.frames[this.frames.length - 2]!.emitting;
    if (keyword === "if") {
      const decision = this.emitting ? evaluateCondition(tokens.slice(1)) : false;
      this.frames.push({ opener: "if", emitting: this.emitting && decision !== false, branchTaken: decision !== false });
    } else if (keyword === "elif" || keyword === "else") {
      const frame = this.frames[this.frames.length - 1];
      if (!frame || (frame.opener !== "if" && frame.opener !== "for")) return;
      if (frame.opener === "for") {
        frame.emitting = false; // for-else runs only for an empty sequence
        return;
      }
      const decision = keyword === "else" ? true : evaluateCondition(tokens.slice(1));
      frame.emitting = parentEmitting() && !frame.branchTaken && decision !== false;
      if (frame.emitting) frame.branchTaken = true;
    } else if (keyword.startsWith("end")) {
      this.close(keyword.slice(3), tag.start);
    } else if (keyword === "set" && tokens.some((t) => t.value === "=")) {
      // `{% set x = … %}` renders nothing.
    } else if (CAPTURING_BLOCKS.has(keyword)) {
      this.frames.push({ opener: keyword, emitting: false, branchTaken: false });
    } else if (OUTPUT_BLOCKS.has(keyword)) {
      this.frames.push({ opener: keyword, emitting: this.emitting, branchTaken: false });
    }
  }

  private close(opener: string, at: number): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i]!.opener === opener) {
        this.frames.length = i;
        return;
      }
    }
    this.warn("JINJA_UNMATCHED_END", `\`{% end${opener} %}\` has no opening tag`, at);
  }

  /** An expression written flush against a name (`x{{ suffix }}`, `{{ schema }}.t`) is part of that name. */
  private glued(tag: JinjaTag): boolean {
    const before = this.template.charCodeAt(tag.start - 1);
    const after = this.template.charCodeAt(tag.end);
    return isIdentifierChar(before) || before === 46 || isIdentifierChar(after) || after === 46;
  }

  private replacementFor(tag: JinjaTag, tokens: JinjaToken[], calls: DependencyCall[]): string {
    const first = tokens[0];
    if (first === undefined) return "";
    const only = calls.length === 1 && calls[0]!.start === first.start && calls[0]!.end === tokens[tokens.length - 1]!.end ? calls[0]! : undefined;
    if (only?.kind === "ref") return this.placeholder({ kind: "ref", ref: only.ref, start: tag.start });
    if (only?.kind === "source") return this.placeholder({ kind: "source", source: only.source, start: tag.start });
    if (tokens.length === 1 && first.value === "this") return this.placeholder({ kind: "this", start: tag.start });
    const callee = calleeName(tokens);
    if (callee === "config" || callee === "log" || callee === "print" || callee === "do" || LIST_MUTATORS.test(callee)) return "";
    if (callee === "star" || callee.endsWith(".star")) return starReplacement(tokens);
    return this.placeholder({ kind: "expression", text: this.template.slice(tag.bodyStart, tag.bodyEnd).trim(), start: tag.start });
  }

  private placeholder(placeholder: Placeholder): string {
    const name = `${PLACEHOLDER_PREFIX}${this.placeholders.size}`;
    this.placeholders.set(name, placeholder);
    return name;
  }

  private push(piece: string, templateStart: number, isText: boolean): void {
    this.pieces.push(piece);
    this.renderedStarts.push(this.renderedLength);
    this.templateStarts.push(templateStart);
    this.pieceIsText.push(isText);
    this.renderedLength += piece.length;
  }

  warn(code: string, message: string, offset: number): void {
    this.problems.push({ code, message, offset });
  }

  finish(): RenderedTemplate {
    for (const frame of this.frames) {
      if (frame.opener !== "set") this.warn("JINJA_UNCLOSED_BLOCK", `\`{% ${frame.opener} %}\` is never closed`, this.template.length);
    }
    const { renderedStarts, templateStarts, pieceIsText } = this;
    const toTemplateOffset = (rendered: number): number => {
      let low = 0;
      let high = renderedStarts.length - 1;
      if (high < 0) return 0;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (renderedStarts[mid]! <= rendered) low = mid;
        else high = mid - 1;
      }
      return pieceIsText[low] ? templateStarts[low]! + (rendered - renderedStarts[low]!) : templateStarts[low]!;
    };
    return {
      sql: this.pieces.join(""),
      placeholders: this.placeholders,
      calls: this.calls,
      toTemplateOffset,
      problems: this.problems,
    };
  }
}

/** `dbt_utils.star(...)` → `dbt_utils.star`; empty when the expression is not a call. */
function calleeName(tokens: JinjaToken[]): string {
  let name = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "name") name += token.value;
    else if (token.value === ".") name += ".";
    else return token.value === "(" ? name : "";
  }
  return "";
}

/** `dbt_utils.star(from=ref('a'), relation_alias='o')` selects `o.*`; without an alias, `*`. */
function starReplacement(tokens: JinjaToken[]): string {
  const aliasAt = tokens.findIndex((t, i) => t.value === "relation_alias" && tokens[i + 1]?.value === "=");
  const alias = aliasAt >= 0 ? tokens[aliasAt + 2] : undefined;
  return alias?.kind === "string" && /^\w+$/.test(alias.value) ? `${alias.value}.*` : "*";
}

/**
 * What we can know of an `{% if %}` condition without a runtime: `is_incremental()` is false
 * (the full-refresh shape is the model's real lineage), a `for` loop is on its first and last
 * iteration, `execute` is true; anything else is unknown, and an unknown branch is kept.
 */
function evaluateCondition(tokens: JinjaToken[]): boolean | undefined {
  let negated = false;
  let i = 0;
  while (tokens[i]?.value === "not") {
    negated = !negated;
    i++;
  }
  const rest = tokens.slice(i);
  const words = rest.map((t) => t.value).join("");
  let value: boolean | undefined;
  if (words === "is_incremental()") value = false;
  else if (words === "loop.last" || words === "loop.first" || words === "execute") value = true;
  if (value === undefined) return undefined;
  return negated ? !value : value;
}
