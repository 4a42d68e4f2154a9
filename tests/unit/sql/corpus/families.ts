import type { CorpusCase } from "./cases.js";

/**
 * Cases per family of issue 15, written from each warehouse's documentation of the syntax, in
 * every dialect where the family exists. `diagnostic` names a code the answer must carry (a
 * reference the engine cannot resolve must say so).
 */

/** Snowflake and Databricks `IDENTIFIER(…)`: a literal is its table, anything else is unresolved. */
const identifierCases: CorpusCase[] = [
  { name: "identifier literal in from", dialect: "snowflake", sql: "select id from identifier('analytics.core.orders')", sources: ["analytics.core.orders"], columns: { id: ["analytics.core.orders.id:DIRECT"] } },
  { name: "identifier literals joined with aliases", dialect: "snowflake", sql: "select o.id, c.name from identifier('analytics.core.orders') as o join identifier('analytics.core.customers') c on o.cid = c.id", sources: ["analytics.core.orders", "analytics.core.customers"], columns: { name: ["analytics.core.customers.name:DIRECT", "analytics.core.orders.cid:JOIN", "analytics.core.customers.id:JOIN"] } },
  { name: "identifier single part", dialect: "snowflake", sql: "select * from identifier('orders')", sources: ["orders"] },
  { name: "identifier upper case", dialect: "snowflake", sql: "SELECT * FROM IDENTIFIER('ANALYTICS.CORE.ORDERS')", sources: ["ANALYTICS.CORE.ORDERS"] },
  { name: "identifier quoted parts inside the literal", dialect: "snowflake", sql: "select * from identifier('\"My DB\".core.\"Orders\"')", sources: ["My DB.core.Orders"] },
  { name: "identifier session variable", dialect: "snowflake", sql: "set tbl = 'analytics.core.orders'; select * from identifier($tbl)", sources: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier bind variable", dialect: "snowflake", sql: "select * from identifier(:tbl) t where t.id > 0", sources: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier variable next to a table", dialect: "snowflake", sql: "select * from analytics.core.orders o join identifier($dim) d on o.k = d.k", sources: ["analytics.core.orders"], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier insert target and source", dialect: "snowflake", sql: "insert into identifier('analytics.core.orders_copy') select * from identifier('analytics.core.orders')", sources: ["analytics.core.orders"], targets: ["analytics.core.orders_copy"] },
  { name: "identifier variable target", dialect: "snowflake", sql: "create or replace table identifier($target) as select a from analytics.core.src", sources: ["analytics.core.src"], targets: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier delete", dialect: "snowflake", sql: "delete from identifier('db.s.t') where id in (select id from db.s.gone)", sources: ["db.s.gone"], targets: ["db.s.t"] },
  { name: "identifier update", dialect: "snowflake", sql: "update identifier('db.s.t') set v = 1 where id = 2", sources: [], targets: ["db.s.t"] },
  { name: "identifier merge", dialect: "snowflake", sql: "merge into identifier('db.s.tgt') t using identifier('db.s.src') s on t.id = s.id when matched then delete", sources: ["db.s.src"], targets: ["db.s.tgt"] },
  { name: "identifier in a cte", dialect: "snowflake", sql: "with o as (select id from identifier('db.s.orders')) select id from o", sources: ["db.s.orders"], columns: { id: ["db.s.orders.id:DIRECT"] } },
  { name: "identifier literal in from", dialect: "databricks", sql: "select id from identifier('main.core.orders')", sources: ["main.core.orders"], columns: { id: ["main.core.orders.id:DIRECT"] } },
  { name: "identifier double-quoted literal", dialect: "databricks", sql: 'select * from identifier("main.core.orders")', sources: ["main.core.orders"] },
  { name: "identifier backticked parts inside the literal", dialect: "databricks", sql: "select * from identifier('`main`.`core`.`my orders`')", sources: ["main.core.my orders"] },
  { name: "identifier parameter marker", dialect: "databricks", sql: "select * from identifier(:tbl)", sources: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier concatenated name", dialect: "databricks", sql: "select * from identifier('main.core.' || :tbl)", sources: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier session variable", dialect: "databricks", sql: "declare tbl = 'main.core.orders'; select * from identifier(tbl)", sources: [], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "identifier ctas", dialect: "databricks", sql: "create table identifier('main.core.t2') as select * from identifier('main.core.t1')", sources: ["main.core.t1"], targets: ["main.core.t2"] },
  { name: "identifier parameter target", dialect: "databricks", sql: "insert into identifier(:target) select * from main.core.src", sources: ["main.core.src"], targets: [], diagnostic: "SQL_DYNAMIC_RELATION" },
];

/** `USE …` and `SET search_path` qualify the unqualified names of later statements. */
const sessionContextCases: CorpusCase[] = [
  { name: "use database and schema", dialect: "snowflake", sql: "use database analytics; use schema core; select id from orders", sources: ["analytics.core.orders"], columns: { id: ["analytics.core.orders.id:DIRECT"] } },
  { name: "use qualified schema", dialect: "snowflake", sql: "use schema analytics.core; select id from orders", sources: ["analytics.core.orders"] },
  { name: "use database alone means its public schema", dialect: "snowflake", sql: "use analytics; select * from orders o join core.customers c on o.cid = c.id", sources: ["analytics.public.orders", "analytics.core.customers"] },
  { name: "use warehouse and role change nothing", dialect: "snowflake", sql: "use warehouse transforming; use role analyst; use secondary roles all; select * from orders", sources: ["orders"] },
  { name: "use applies to targets", dialect: "snowflake", sql: "use schema analytics.core; create or replace table orders_daily as select * from orders", sources: ["analytics.core.orders"], targets: ["analytics.core.orders_daily"] },
  { name: "use leaves qualified names", dialect: "snowflake", sql: "use schema analytics.core; select * from raw.s.t join other.u on t.id = u.id", sources: ["raw.s.t", "analytics.other.u"] },
  { name: "use does not qualify cte names", dialect: "snowflake", sql: "use schema analytics.core; with o as (select * from orders) select * from o", sources: ["analytics.core.orders"] },
  { name: "use applies only after it", dialect: "snowflake", sql: "select * from a; use schema db.s; select * from b", sources: ["a", "db.s.b"] },
  { name: "use quoted names", dialect: "snowflake", sql: 'use schema "Analytics"."Core"; select * from orders', sources: ["Analytics.Core.orders"] },
  { name: "use then intermediate", dialect: "snowflake", sql: "use schema db.s; create temp table stage as select a from src; insert into final select a from stage", sources: ["db.s.src"], targets: ["db.s.final"], intermediates: ["db.s.stage"] },
  { name: "use catalog and schema", dialect: "databricks", sql: "use catalog main; use schema core; select id from orders", sources: ["main.core.orders"], columns: { id: ["main.core.orders.id:DIRECT"] } },
  { name: "use catalog resets the schema to default", dialect: "databricks", sql: "use catalog main; select * from orders join core.customers using (cid)", sources: ["main.default.orders", "main.core.customers"] },
  { name: "use schema without a catalog", dialect: "databricks", sql: "use core; select * from orders", sources: ["core.orders"] },
  { name: "use database is use schema", dialect: "databricks", sql: "use database core; insert into orders_copy select * from orders", sources: ["core.orders"], targets: ["core.orders_copy"] },
  { name: "use schema", dialect: "spark", sql: "use core; insert overwrite table orders_daily select * from orders", sources: ["core.orders"], targets: ["core.orders_daily"] },
  { name: "use database", dialect: "hive", sql: "use core; select * from orders o join other.customers c on o.cid = c.id", sources: ["core.orders", "other.customers"] },
  { name: "use database", dialect: "mysql", sql: "use shop; select * from orders o join customers c on o.cid = c.id", sources: ["shop.orders", "shop.customers"] },
  { name: "use database keeps qualified names", dialect: "mysql", sql: "use shop; insert into archive.orders select * from orders", sources: ["shop.orders"], targets: ["archive.orders"] },
  { name: "use database and dbo", dialect: "tsql", sql: "USE analytics;\nSELECT o.id FROM dbo.orders o JOIN sales.customers c ON o.cid = c.id", sources: ["analytics.dbo.orders", "analytics.sales.customers"] },
  { name: "use database for unqualified names", dialect: "tsql", sql: "use analytics; select * from orders", sources: ["analytics.dbo.orders"] },
  { name: "use bracketed database", dialect: "tsql", sql: "use [analytics]; select * from [sales].[orders]", sources: ["analytics.sales.orders"] },
  { name: "use in a batch without semicolons", dialect: "tsql", sql: "USE analytics\nSELECT id FROM orders", sources: ["analytics.dbo.orders"], columns: { id: ["analytics.dbo.orders.id:DIRECT"] } },
  { name: "use catalog.schema", dialect: "trino", sql: "use hive.core; select * from orders", sources: ["hive.core.orders"] },
  { name: "use schema keeps the catalog unknown", dialect: "trino", sql: "use core; select * from orders", sources: ["core.orders"] },
  { name: "use catalog.schema", dialect: "athena", sql: "use awsdatacatalog.core; select * from orders", sources: ["awsdatacatalog.core.orders"] },
  { name: "use database.schema", dialect: "duckdb", sql: "use analytics.core; select * from orders", sources: ["analytics.core.orders"] },
  { name: "use database means its main schema", dialect: "duckdb", sql: "use analytics; create table t as select * from orders", sources: ["analytics.main.orders"], targets: ["analytics.main.t"] },
  { name: "set search_path to", dialect: "postgres", sql: "set search_path to core; select id from orders", sources: ["core.orders"], columns: { id: ["core.orders.id:DIRECT"] } },
  { name: "set search_path list", dialect: "postgres", sql: "set search_path = core, public; select * from orders join public.customers using (cid)", sources: ["core.orders", "public.customers"] },
  { name: "set search_path skips $user", dialect: "postgres", sql: "set local search_path to \"$user\", core; select * from orders", sources: ["core.orders"] },
  { name: "set search_path to default resets it", dialect: "postgres", sql: "set search_path to core; set search_path to default; select * from orders", sources: ["orders"] },
  { name: "use of a templated namespace leaves names as written", dialect: "snowflake", sql: "use schema {{ target.database }}.core; select * from orders", sources: ["orders"], diagnostic: "SQL_DYNAMIC_RELATION" },
  { name: "other settings change nothing", dialect: "postgres", sql: "set statement_timeout = 0; set role analyst; select * from orders", sources: ["orders"] },
  { name: "set search_path to", dialect: "redshift", sql: "set search_path to core; create table orders_daily as select * from orders", sources: ["core.orders"], targets: ["core.orders_daily"] },
];

/** Functions named like clause keywords (found in compiled dbt SQL): the FROM after them must survive. */
const keywordFunctionCases: CorpusCase[] = [
  ...(["snowflake", "bigquery", "postgres", "redshift", "databricks", "spark", "duckdb", "tsql", "mysql"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "left() in the select list", dialect, sql: "select left(code, 2) as prefix, id from orders", sources: ["orders"], columns: { prefix: ["orders.code:TRANSFORMED"], id: ["orders.id:DIRECT"] } },
    { name: "right() before a left join", dialect, sql: "select right(o.code, 3) as suffix from orders o left join customers c on o.cid = c.id", sources: ["orders", "customers"], columns: { suffix: ["orders.code:TRANSFORMED", "orders.cid:JOIN", "customers.id:JOIN"] } },
    { name: "left() in a join condition and where", dialect, sql: "select o.id from orders o join regions r on left(o.zip, 2) = r.prefix where right(o.code, 1) = 'x'", sources: ["orders", "regions"], columns: { id: ["orders.id:DIRECT", "orders.zip:JOIN", "regions.prefix:JOIN", "orders.code:FILTER"] } },
    { name: "replace()", dialect, sql: "select replace(code, '-', '') as code from orders", sources: ["orders"], columns: { code: ["orders.code:TRANSFORMED"] } },
  ]),
  ...(["bigquery", "databricks", "spark", "hive", "mysql", "duckdb", "trino"] as const).map((dialect): CorpusCase => ({ name: "if()", dialect, sql: "select if(amount > 0, amount, 0) as positive from orders", sources: ["orders"], columns: { positive: ["orders.amount:TRANSFORMED"] } })),
  ...(["bigquery", "tsql", "duckdb", "trino"] as const).map((dialect): CorpusCase => ({ name: "format()", dialect, sql: "select format('%d', amount) as label from orders", sources: ["orders"], columns: { label: ["orders.amount:TRANSFORMED"] } })),
  ...(["snowflake", "mysql"] as const).map((dialect): CorpusCase => ({ name: "insert() as a function", dialect, sql: "select insert(code, 1, 2, 'XX') as masked from orders", sources: ["orders"], columns: { masked: ["orders.code:TRANSFORMED"] } })),
  { name: "values() in on duplicate key update", dialect: "mysql", sql: "insert into totals (k, n) select k, count(*) from events group by k on duplicate key update n = values(n)", sources: ["events"], targets: ["totals"] },
  { name: "left() in a ctas", dialect: "snowflake", sql: "create table analytics.core.prefixes as select left(code, 2) as prefix from analytics.core.orders", sources: ["analytics.core.orders"], targets: ["analytics.core.prefixes"], columns: { prefix: ["analytics.core.orders.code:TRANSFORMED"] } },
];

export const FAMILY_CASES: CorpusCase[] = [
  ...identifierCases.map((c) => ({ ...c, family: "identifier" })),
  ...sessionContextCases.map((c) => ({ ...c, family: "session context" })),
  ...keywordFunctionCases.map((c) => ({ ...c, family: "keyword-named functions" })),
];
