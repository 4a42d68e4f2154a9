import type { SqlToken } from "./tokenStream.js";

/**
 * A select item's formula (see `expressionText`), rendered on first read: only the definition
 * conflict detector reads it, and rendering every item of every SELECT up front cost 10–30 % of
 * the engine's throughput (bench/sql.ts). Holds the statement's tokens until then.
 */
export class ExpressionText {
  private rendered: string | undefined;

  constructor(
    private readonly tokens: readonly SqlToken[],
    private readonly from: number,
    private readonly to: number,
  ) {}

  get value(): string {
    return (this.rendered ??= expressionText(this.tokens, this.from, this.to));
  }
}

/** Tokens [from, to) as one comparable string: unquoted words lower-cased, no space inside brackets or before commas. */
export function expressionText(tokens: readonly SqlToken[], from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    parts.push(token.kind === "word" ? token.text.toLowerCase() : token.text);
  }
  return parts.join(" ").replace(/([\p{L}\p{N}_]) \(/gu, "$1(").replace(/([([]) /g, "$1").replace(/ ([)\],])/g, "$1");
}
