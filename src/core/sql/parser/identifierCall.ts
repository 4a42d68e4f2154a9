import type { QualifiedName } from "./ast.js";
import { unquoteString, type ProblemSink } from "./parseQuery.js";
import type { TokenStream } from "./tokenStream.js";

/** `IDENTIFIER(…)` (Snowflake, Databricks) in a relation's place. */
export function isIdentifierCall(stream: TokenStream): boolean {
  return stream.isWord("IDENTIFIER") && stream.isOp("(", 1);
}

/**
 * Reads `IDENTIFIER('db.s.t')` as the table it names. Any other argument (`$var`, `:param`,
 * `'db.s.' || :t`) is only known when the SQL runs: the call is consumed, reported, and names nothing.
 */
export function readIdentifierCall(stream: TokenStream, report: ProblemSink): QualifiedName | undefined {
  const call = stream.next()!;
  const literal = stream.peek(1);
  if (literal?.kind === "string" && stream.isOp(")", 2)) {
    stream.next();
    stream.next();
    stream.next();
    const name = splitQuotedName(unquoteString(literal.text));
    if (name.parts.length > 0) return { ...name, offset: literal.start };
  } else stream.skipGroup();
  report("SQL_DYNAMIC_RELATION", "IDENTIFIER(…) names a relation through a variable or an expression, which cannot be resolved from the SQL alone", call.start);
  return undefined;
}

/** `"My DB".core.orders` or `` `main`.`core`.t `` inside a string: dots split parts outside quotes. */
function splitQuotedName(text: string): { parts: string[]; quoted: boolean[] } {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  const partPattern = /\s*(?:"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|([^."`]+))\s*(?:\.|$)/y;
  let match: RegExpExecArray | null;
  while (partPattern.lastIndex < text.length && (match = partPattern.exec(text)) !== null) {
    if (match[1] !== undefined) parts.push(match[1].replaceAll('""', '"'));
    else if (match[2] !== undefined) parts.push(match[2].replaceAll("``", "`"));
    else parts.push(match[3]!.trim());
    quoted.push(match[3] === undefined);
  }
  return parts.length > 0 && parts.every((p) => p !== "") ? { parts, quoted } : { parts: [], quoted: [] };
}
