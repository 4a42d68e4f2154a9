import type { Token } from "../lexer/tokenize.js";
import type { Budget } from "./budget.js";

/** A significant token (comments dropped) with its text and, for words, its upper-case form. */
export interface SqlToken {
  kind: Token["kind"];
  text: string;
  /** Upper-case text of unquoted words; empty for everything else, so keyword tests never match a quoted name. */
  upper: string;
  start: number;
  end: number;
}

export function significantTokens(text: string, tokens: Token[]): SqlToken[] {
  const out: SqlToken[] = [];
  for (const token of tokens) {
    if (token.kind === "comment") continue;
    const tokenText = text.slice(token.start, token.end);
    out.push({ kind: token.kind, text: tokenText, upper: token.kind === "word" ? tokenText.toUpperCase() : "", start: token.start, end: token.end });
  }
  return out;
}

/** A cursor over one statement's tokens; every advance counts against the time budget. */
export class TokenStream {
  position = 0;

  constructor(
    readonly tokens: SqlToken[],
    readonly budget: Budget,
    readonly end: number = tokens.length,
  ) {}

  get done(): boolean {
    return this.position >= this.end;
  }

  peek(ahead = 0): SqlToken | undefined {
    const at = this.position + ahead;
    return at < this.end ? this.tokens[at] : undefined;
  }

  /** True when the token `ahead` is the unquoted keyword (upper-case) given. */
  isWord(keyword: string, ahead = 0): boolean {
    return this.peek(ahead)?.upper === keyword;
  }

  isOp(op: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token?.kind === "op" && token.text === op;
  }

  next(): SqlToken | undefined {
    this.budget.tick();
    const token = this.peek();
    if (token) this.position++;
    return token;
  }

  acceptWord(...keywords: string[]): boolean {
    const upper = this.peek()?.upper;
    if (upper === undefined || !keywords.includes(upper)) return false;
    this.next();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  /** Skips one item: a whole `( … )` group when one starts here, else one token. */
  skipItem(): void {
    if (this.isOp("(")) this.skipGroup();
    else this.next();
  }

  /** Skips a balanced `( … )` group starting at the current `(`, iteratively (no recursion on deep nesting). */
  skipGroup(): void {
    let depth = 0;
    while (!this.done) {
      const token = this.next()!;
      if (token.kind !== "op") continue;
      if (token.text === "(" || token.text === "[") depth++;
      else if (token.text === ")" || token.text === "]") {
        depth--;
        if (depth <= 0) return;
      }
    }
  }
}
