import type { Dialect } from "../../../../src/core/sql/index.js";
import type { CorpusCase } from "./cases.js";

/**
 * Issue 15, family 7 (column details) and family 8 (no silent miss), written from each
 * warehouse's documentation of name resolution, `*` modifiers, output naming, `USING` and set
 * operations. Kept apart from `families.ts` so parallel work on other families merges cleanly.
 */

/** Dialects where a select item may use an alias defined earlier in the same list (Snowflake, BigQuery, Databricks/Spark 3.4+, Redshift, DuckDB). */
const LATERAL: Dialect[] = ["snowflake", "bigquery", "databricks", "spark", "redshift", "duckdb"];
/** Dialects where it may not: the name is a column of the FROM tables. */
const NOT_LATERAL: Dialect[] = ["postgres", "tsql", "mysql", "trino", "athena", "hive"];
const ALL: Dialect[] = [...LATERAL, ...NOT_LATERAL];
/** `JOIN … USING (k)`: every dialect but T-SQL. */
const USING_JOIN: Dialect[] = ALL.filter((d) => d !== "tsql");

const lateralAliasCases: CorpusCase[] = [
  ...LATERAL.flatMap((dialect): CorpusCase[] => [
    { name: "lateral alias in a later item", dialect, sql: "select a + 1 as x, x * 2 as y from t", sources: ["t"], columns: { x: ["t.a:TRANSFORMED"], y: ["t.a:TRANSFORMED"] } },
    { name: "lateral alias of a copy stays a copy", dialect, sql: "select amount as base, base as total from orders", sources: ["orders"], columns: { total: ["orders.amount:DIRECT"] } },
    { name: "lateral alias of an aggregate", dialect, sql: "select k, sum(v) as s, s / count(*) as share from t group by k", sources: ["t"], columns: { share: ["t.v:AGGREGATED", "t.k:GROUP_BY"] } },
    { name: "lateral alias chain through a join", dialect, sql: "select o.amount * c.rate as local_amount, local_amount * 2 as doubled from orders o join currencies c on o.cur = c.code", sources: ["orders", "currencies"], columns: { doubled: ["orders.amount:TRANSFORMED", "currencies.rate:TRANSFORMED", "orders.cur:JOIN", "currencies.code:JOIN"] } },
  ]),
  ...NOT_LATERAL.map((dialect): CorpusCase => ({ name: "no lateral alias: the name is the table's column", dialect, sql: "select a + 1 as x, x * 2 as y from t", sources: ["t"], columns: { x: ["t.a:TRANSFORMED"], y: ["t.x:TRANSFORMED"] } })),
  ...ALL.map((dialect): CorpusCase => ({ name: "a table column wins over a lateral alias", dialect, schema: { t: { a: "int", b: "int" } }, sql: "select a as b, b + 1 as c from t", sources: ["t"], columns: { c: ["t.b:TRANSFORMED"] } })),
  ...(["snowflake", "duckdb"] as const).map((dialect): CorpusCase => ({ name: "alias in where", dialect, sql: "select a + 1 as x from t where x > 0", sources: ["t"], columns: { x: ["t.a:TRANSFORMED", "t.a:FILTER"] } })),
  ...(["postgres", "bigquery", "databricks", "redshift"] as const).map((dialect): CorpusCase => ({ name: "where sees the table's column, not the alias", dialect, sql: "select a + 1 as x from t where x > 0", sources: ["t"], columns: { x: ["t.a:TRANSFORMED", "t.x:FILTER"] } })),
];

const ORDERS = { id: "int", cid: "int", amount: "numeric", status: "text" };
const CUSTOMERS = { id: "int", name: "text" };

const starCases: CorpusCase[] = [
  ...ALL.flatMap((dialect): CorpusCase[] => [
    { name: "qualified star from the schema, next to a join", dialect, schema: { orders: ORDERS, customers: CUSTOMERS }, sql: "select o.*, c.name from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], outputs: ["id", "cid", "amount", "status", "name"], columns: { amount: ["orders.amount:DIRECT", "orders.cid:JOIN", "customers.id:JOIN"] } },
    { name: "star of two tables from the schema", dialect, schema: { orders: ORDERS, customers: CUSTOMERS }, sql: "select * from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], outputs: ["id", "cid", "amount", "status", "id", "name"] },
    { name: "star of a table created earlier in the script", dialect, sql: "create table stage as select id, amount * 2 as doubled from orders; select * from stage", sources: ["orders"], targets: [], intermediates: ["stage"], outputs: ["id", "doubled"], columns: { doubled: ["stage.doubled:DIRECT"] } },
    { name: "columns of a view defined earlier resolve an unqualified name", dialect, sql: "create view v as select id, total from sales; select total, name from v join customers c on v.id = c.cid", sources: ["sales", "customers"], intermediates: ["v"], columns: { total: ["v.total:DIRECT", "v.id:JOIN", "customers.cid:JOIN"], name: ["customers.name:DIRECT", "v.id:JOIN", "customers.cid:JOIN"] } },
    { name: "star of a table declared with columns earlier", dialect, sql: "create table stage (id int, label varchar(10)); insert into stage select id, name from customers; select * from stage", sources: ["customers"], intermediates: ["stage"], outputs: ["id", "label"] },
  ]),
  ...(["bigquery", "databricks"] as const).map((dialect): CorpusCase => ({ name: "star except", dialect, schema: { orders: ORDERS }, sql: "select * except (status, cid) from orders", sources: ["orders"], outputs: ["id", "amount"] })),
  ...(["snowflake", "duckdb"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "star exclude list", dialect, schema: { orders: ORDERS }, sql: "select * exclude (status, cid) from orders", sources: ["orders"], outputs: ["id", "amount"] },
    { name: "qualified star exclude", dialect, schema: { orders: ORDERS, customers: CUSTOMERS }, sql: "select o.* exclude (cid), c.name from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], outputs: ["id", "amount", "status", "name"] },
    { name: "star rename", dialect, schema: { orders: ORDERS }, sql: "select * rename (amount as total, id as order_id) from orders", sources: ["orders"], outputs: ["order_id", "cid", "total", "status"], columns: { total: ["orders.amount:DIRECT"], order_id: ["orders.id:DIRECT"] } },
  ]),
  { name: "merge update set * and insert * copy the source's columns", dialect: "databricks", schema: { src: { id: "int", amount: "int" } }, sql: "merge into tgt t using src s on t.id = s.id when matched then update set * when not matched then insert *", sources: ["src"], targets: ["tgt"], outputs: ["id", "amount"], columns: { amount: ["src.amount:DIRECT", "src.id:JOIN"] } },
  { name: "star exclude one name", dialect: "snowflake", schema: { orders: ORDERS }, sql: "select * exclude status from orders", sources: ["orders"], outputs: ["id", "cid", "amount"] },
  { name: "star rename one name", dialect: "snowflake", schema: { orders: ORDERS }, sql: "select * rename amount as total from orders", sources: ["orders"], outputs: ["id", "cid", "total", "status"], columns: { total: ["orders.amount:DIRECT"] } },
  { name: "star exclude then rename", dialect: "snowflake", schema: { orders: ORDERS }, sql: "select * exclude (status) rename (amount as total) from orders", sources: ["orders"], outputs: ["id", "cid", "total"] },
  ...(["bigquery", "snowflake", "duckdb"] as const).map((dialect): CorpusCase => ({ name: "star replace", dialect, schema: { orders: ORDERS }, sql: "select * replace (amount * 100 as amount, upper(status) as status) from orders", sources: ["orders"], outputs: ["id", "cid", "amount", "status"], columns: { amount: ["orders.amount:TRANSFORMED"], status: ["orders.status:TRANSFORMED"], id: ["orders.id:DIRECT"] } })),
  { name: "star except and replace", dialect: "bigquery", schema: { orders: ORDERS }, sql: "select * except (cid) replace (round(amount) as amount) from orders", sources: ["orders"], outputs: ["id", "amount", "status"], columns: { amount: ["orders.amount:TRANSFORMED"] } },
  ...(["snowflake", "bigquery", "duckdb", "databricks"] as const).map((dialect): CorpusCase => ({ name: "star except through a cte", dialect, schema: { orders: ORDERS }, sql: `with o as (select * from orders) select * ${dialect === "snowflake" || dialect === "duckdb" ? "exclude" : "except"} (status) from o`, sources: ["orders"], outputs: ["id", "cid", "amount"], columns: { amount: ["orders.amount:DIRECT"] } })),
];

/** How each warehouse names an output it was given no name for (see docs/sql-lineage.md). */
const unnamedOutputCases: CorpusCase[] = [
  { name: "expression text in upper case", dialect: "snowflake", sql: "select a + 1, upper(name) from t", sources: ["t"], outputs: ["A + 1", "UPPER(NAME)"], columns: { "A + 1": ["t.a:TRANSFORMED"], "UPPER(NAME)": ["t.name:TRANSFORMED"] } },
  { name: "expression text keeps quoted parts", dialect: "snowflake", sql: 'select "Amount" * 2 from t', sources: ["t"], outputs: ['"Amount" * 2'] },
  { name: "generated name read by an outer query", dialect: "snowflake", sql: 'select "A + 1" as x from (select a + 1 from t)', sources: ["t"], columns: { x: ["t.a:TRANSFORMED"] } },
  { name: "f0_, f1_ numbered among unnamed outputs", dialect: "bigquery", sql: "select a, a + 1, count(*) from t group by a", sources: ["t"], outputs: ["a", "f0_", "f1_"], columns: { f0_: ["t.a:TRANSFORMED", "t.a:GROUP_BY"], f1_: ["t.a:GROUP_BY"] } },
  { name: "f0_ read by an outer query", dialect: "bigquery", sql: "select f0_ as total from (select sum(v) from t)", sources: ["t"], columns: { total: ["t.v:AGGREGATED"] } },
  ...(["postgres", "redshift"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "?column?, the function's name, a cast's column", dialect, sql: "select a + 1, upper(name), cast(b as int), c::text, count(*) from t", sources: ["t"], outputs: ["?column?", "upper", "b", "c", "count"], columns: { "?column?": ["t.a:TRANSFORMED"], upper: ["t.name:TRANSFORMED"], b: ["t.b:TRANSFORMED"], c: ["t.c:TRANSFORMED"] } },
    { name: "case is named case", dialect, sql: "select case when a > 0 then 1 else 0 end from t", sources: ["t"], outputs: ["case"] },
    { name: "?column? read by an outer query", dialect, sql: 'select "?column?" as x from (select a * 2 from t) s', sources: ["t"], columns: { x: ["t.a:TRANSFORMED"] } },
  ]),
  ...(["trino", "athena"] as const).map((dialect): CorpusCase => ({ name: "_colN by position", dialect, sql: "select a, a + 1, upper(b) from t", sources: ["t"], outputs: ["a", "_col1", "_col2"], columns: { _col1: ["t.a:TRANSFORMED"], _col2: ["t.b:TRANSFORMED"] } })),
  { name: "_cN by position", dialect: "hive", sql: "select a, a + 1 from t", sources: ["t"], outputs: ["a", "_c1"], columns: { _c1: ["t.a:TRANSFORMED"] } },
  { name: "expression text as written", dialect: "mysql", sql: "select a+1, upper(name) from t", sources: ["t"], outputs: ["a+1", "upper(name)"], columns: { "a+1": ["t.a:TRANSFORMED"] } },
  ...(["spark", "databricks", "duckdb"] as const).map((dialect): CorpusCase => ({ name: "expression text, operators in parentheses, functions in lower case", dialect, sql: "select a + 1, UPPER(name) from t", sources: ["t"], outputs: ["(a + 1)", "upper(name)"], columns: { "(a + 1)": ["t.a:TRANSFORMED"], "upper(name)": ["t.name:TRANSFORMED"] } })),
  { name: "an unnamed expression has no name", dialect: "tsql", sql: "select a, a + 1 from t", sources: ["t"], outputs: ["a"] },
];

const usingJoinCases: CorpusCase[] = [
  ...USING_JOIN.flatMap((dialect): CorpusCase[] => [
    { name: "using column is the merged column, not ambiguous", dialect, sql: "select k, a.x, b.y from a join b using (k)", sources: ["a", "b"], columns: { k: ["a.k:DIRECT", "a.k:JOIN", "b.k:JOIN"], x: ["a.x:DIRECT", "a.k:JOIN", "b.k:JOIN"] } },
    { name: "full join using merges both sides", dialect, sql: "select k from a full outer join b using (k)", sources: ["a", "b"], columns: { k: ["a.k:TRANSFORMED", "b.k:TRANSFORMED", "a.k:JOIN", "b.k:JOIN"] } },
    { name: "star over a using join lists the merged column once", dialect, schema: { a: { k: "int", x: "int" }, b: { k: "int", y: "int" } }, sql: "select * from a join b using (k)", sources: ["a", "b"], outputs: ["k", "x", "y"] },
  ]),
];

const setOperationCases: CorpusCase[] = [
  ...ALL.flatMap((dialect): CorpusCase[] => [
    { name: "union columns by position, named by the first branch", dialect, sql: "select a as x, b from t1 union all select c, d from t2", sources: ["t1", "t2"], outputs: ["x", "b"], columns: { x: ["t1.a:DIRECT", "t2.c:DIRECT"], b: ["t1.b:DIRECT", "t2.d:DIRECT"] } },
    { name: "union branches of different widths are flagged", dialect, sql: "select a, b from t1 union all select a from t2", sources: ["t1", "t2"], diagnostic: "SQL_SET_COLUMN_MISMATCH", columns: { a: ["t1.a:DIRECT", "t2.a:DIRECT"], b: ["t1.b:DIRECT"] } },
    { name: "union with a star of unknown width is not flagged", dialect, sql: "select * from t1 union all select a from t2", sources: ["t1", "t2"] },
  ]),
  ...(["duckdb", "snowflake", "bigquery", "databricks"] as const).map((dialect): CorpusCase => ({ name: "union by name matches columns by name", dialect, sql: "select a, b from t1 union all by name select b, a from t2", sources: ["t1", "t2"], columns: { a: ["t1.a:DIRECT", "t2.a:DIRECT"], b: ["t1.b:DIRECT", "t2.b:DIRECT"] } })),
];

/** Family 8: what cannot be resolved says so. */
const noSilentMissCases: CorpusCase[] = [
  ...ALL.flatMap((dialect): CorpusCase[] => [
    { name: "an unqualified column over two unknown tables is flagged", dialect, sql: "select note from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], diagnostic: "SQL_AMBIGUOUS_COLUMN", columns: { note: ["orders.cid:JOIN", "customers.id:JOIN"] } },
    { name: "a star that cannot be expanded is flagged", dialect, sql: "select * from orders", sources: ["orders"], diagnostic: "SQL_STAR_UNEXPANDED", columns: { "*": ["orders.*:DIRECT"] } },
  ]),
  { name: "a select list that stops early still reads its FROM", sql: "select a, b c d from t join u on t.id = u.id", sources: ["t", "u"], diagnostic: "SQL_UNPARSED" },
  { name: "a statement kind that is not modelled is flagged", dialect: "snowflake", sql: "create stream s on table t", sources: [], diagnostic: "SQL_UNSUPPORTED_STATEMENT" },
  { name: "merge set * without the source's columns is flagged", dialect: "databricks", sql: "merge into tgt t using src s on t.id = s.id when matched then update set * when not matched then insert *", sources: ["src"], targets: ["tgt"], diagnostic: "SQL_STAR_UNEXPANDED" },
  { name: "a qualifier that names nothing in scope is flagged", sql: "select x.a from t", sources: ["t"], diagnostic: "SQL_UNKNOWN_QUALIFIER" },
  { name: "a FROM whose table cannot be read is flagged", sql: "select a from + b", sources: [], diagnostic: "SQL_UNPARSED" },
];

export const COLUMN_DETAIL_CASES: CorpusCase[] = [
  ...lateralAliasCases.map((c) => ({ ...c, family: "lateral column aliases" })),
  ...starCases.map((c) => ({ ...c, family: "star expansion" })),
  ...unnamedOutputCases.map((c) => ({ ...c, family: "unnamed outputs" })),
  ...usingJoinCases.map((c) => ({ ...c, family: "using joins" })),
  ...setOperationCases.map((c) => ({ ...c, family: "set operations" })),
  ...noSilentMissCases.map((c) => ({ ...c, family: "no silent miss" })),
];
