import type { QualifiedName, Statement } from "./ast.js";
import { readTableName, type QueryParser } from "./parseQuery.js";

/**
 * Statements that move data between existing tables without a query, from each warehouse's
 * documentation: `ALTER TABLE a RENAME TO b` and MySQL `RENAME TABLE a TO b` (b now holds a's
 * rows), Snowflake `ALTER TABLE a SWAP WITH b` and MySQL/Oracle `ALTER TABLE a EXCHANGE PARTITION p
 * WITH TABLE b` (each receives the other's rows), Hive `ALTER TABLE a EXCHANGE PARTITION (…) WITH
 * TABLE b`, told apart by its parenthesized spec (the partition moves from b into a). Undefined for
 * any other ALTER: it moves no data.
 */
export function parseMove(parser: QueryParser): Statement | undefined {
  const stream = parser.stream;
  if (stream.acceptWord("RENAME")) {
    if (!stream.acceptWord("TABLE")) return undefined;
    const from = readTableName(parser);
    if (!from || !stream.acceptWord("TO")) return undefined;
    const to = readTableName(parser);
    return to ? { kind: "move", reads: [from], writes: [to] } : undefined;
  }
  stream.next();
  if (!stream.acceptWord("TABLE")) return undefined;
  if (stream.isWord("IF") && stream.isWord("EXISTS", 1)) {
    stream.next();
    stream.next();
  }
  const table = readTableName(parser);
  if (!table) return undefined;
  if (stream.acceptWord("RENAME")) {
    if (!stream.acceptWord("TO") && !stream.acceptWord("AS")) return undefined;
    const to = readTableName(parser);
    return to ? { kind: "move", reads: [table], writes: [to] } : undefined;
  }
  if (stream.acceptWord("SWAP")) {
    const other = stream.acceptWord("WITH") ? readTableName(parser) : undefined;
    return other ? swap(table, other) : undefined;
  }
  if (!stream.acceptWord("EXCHANGE") || !stream.acceptWord("PARTITION", "SUBPARTITION")) return undefined;
  const hiveExchange = stream.isOp("(");
  while (!stream.done && !(stream.isWord("WITH") && stream.isWord("TABLE", 1))) {
    stream.skipItem();
  }
  if (!stream.acceptWord("WITH") || !stream.acceptWord("TABLE")) return undefined;
  const other = readTableName(parser);
  if (!other) return undefined;
  return hiveExchange ? { kind: "move", reads: [other], writes: [table] } : swap(table, other);
}

function swap(a: QualifiedName, b: QualifiedName): Statement {
  return { kind: "move", reads: [a, b], writes: [a, b] };
}
