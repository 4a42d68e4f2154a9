import type { QualifiedName, SessionScope, Statement } from "./ast.js";
import { readName } from "./parseExpression.js";
import { unquoteString, type QueryParser } from "./parseQuery.js";

/** `USE WAREHOUSE`, `USE ROLE`, `USE SECONDARY ROLES`: session settings that name no namespace. */
const USE_WITHOUT_NAMESPACE = new Set(["WAREHOUSE", "ROLE", "SECONDARY", "COMPUTE"]);
const USE_SCOPES = new Set<SessionScope>(["DATABASE", "SCHEMA", "CATALOG", "NAMESPACE"]);

/** `USE x`, `USE DATABASE x`, `USE SCHEMA db.s`, `USE CATALOG c`; undefined when it names no namespace. */
export function parseUse(parser: QueryParser): Statement | undefined {
  const stream = parser.stream;
  stream.next();
  const word = stream.peek()?.upper ?? "";
  if (USE_WITHOUT_NAMESPACE.has(word)) return undefined;
  let scope: SessionScope = "DEFAULT";
  if (USE_SCOPES.has(word as SessionScope) && isName(parser, 1)) {
    stream.next();
    scope = word as SessionScope;
  }
  if (!isName(parser, 0)) return undefined;
  const name = readName(stream, parser);
  return { kind: "session", scope, name: { parts: name.parts, quoted: name.quoted, offset: name.offset } };
}

/** `SET [SESSION | LOCAL] search_path TO | = a, b`. */
export function isSearchPathSet(parser: QueryParser): boolean {
  const stream = parser.stream;
  const at = stream.isWord("SESSION", 1) || stream.isWord("LOCAL", 1) ? 2 : 1;
  return stream.isWord("SET") && stream.isWord("SEARCH_PATH", at);
}

/** The first schema of the path that is not `"$user"` becomes the default; `DEFAULT` clears it. */
export function parseSearchPath(parser: QueryParser): Statement {
  const stream = parser.stream;
  while (!stream.done && !stream.isWord("SEARCH_PATH")) stream.next();
  stream.next();
  if (!stream.acceptWord("TO")) stream.acceptOp("=");
  while (!stream.done) {
    const token = stream.peek()!;
    if (token.kind === "string") {
      stream.next();
      const schema = unquoteString(token.text);
      if (schema !== "$user") return searchPath({ parts: [schema], quoted: [true], offset: token.start });
    } else if (stream.acceptWord("DEFAULT")) {
      break;
    } else if (isName(parser, 0)) {
      const name = readName(stream, parser);
      if (name.parts.join(".") !== "$user") return searchPath({ parts: name.parts, quoted: name.quoted, offset: name.offset });
    } else break;
    if (!stream.acceptOp(",")) break;
  }
  return { kind: "session", scope: "SEARCH_PATH" };
}

function searchPath(name: QualifiedName): Statement {
  return { kind: "session", scope: "SEARCH_PATH", name };
}

function isName(parser: QueryParser, ahead: number): boolean {
  const kind = parser.stream.peek(ahead)?.kind;
  return kind === "word" || kind === "quoted";
}
