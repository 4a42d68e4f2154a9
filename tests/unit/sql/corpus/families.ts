import type { CorpusCase } from "./cases.js";
import { FROM_SYNTAX_CASES } from "./fromSyntax.js";
import { PROCEDURAL_CASES } from "./procedural.js";

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

/** Writes that are not INSERT: each statement's target, and what it reads (a location is a path, never a table). */
const nonInsertWriteCases: CorpusCase[] = [
  ...(["tsql", "postgres", "redshift"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "select into a new table", dialect, sql: "select id, amount into orders_copy from orders where amount > 0", sources: ["orders"], targets: ["orders_copy"], columns: { amount: ["orders.amount:DIRECT", "orders.amount:FILTER"] } },
    { name: "select into from a join", dialect, sql: "select o.id, c.name into report from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], targets: ["report"] },
  ]),
  { name: "select into a temp table", dialect: "tsql", sql: "SELECT * INTO #stage FROM dbo.orders; INSERT INTO dbo.final SELECT * FROM #stage", sources: ["dbo.orders"], targets: ["dbo.final"], intermediates: ["#stage"] },
  { name: "select into with a cte", dialect: "tsql", sql: "WITH o AS (SELECT id FROM dbo.orders) SELECT id INTO dbo.ids FROM o", sources: ["dbo.orders"], targets: ["dbo.ids"] },
  { name: "select into a global temp table", dialect: "tsql", sql: "SELECT id INTO ##ids FROM dbo.orders", sources: ["dbo.orders"], targets: ["##ids"] },
  { name: "select into outfile is a file", dialect: "mysql", sql: "select id into outfile '/tmp/ids.csv' from orders", sources: ["orders"] },
  { name: "select into a variable is not a table", dialect: "mysql", sql: "select count(*) into @n from orders", sources: ["orders"] },
  { name: "merge update set * and insert *", dialect: "databricks", sql: "merge into main.core.tgt t using main.core.src s on t.id = s.id when matched then update set * when not matched then insert *", sources: ["main.core.src"], targets: ["main.core.tgt"] },
  { name: "select into unlogged table", dialect: "postgres", sql: "select * into unlogged table films_recent from films where date_prod >= '2002-01-01'", sources: ["films"], targets: ["films_recent"] },
  { name: "create table clone", dialect: "snowflake", sql: "create or replace table analytics.core.orders_dev clone analytics.core.orders", sources: ["analytics.core.orders"], targets: ["analytics.core.orders_dev"] },
  { name: "create table clone at a time", dialect: "snowflake", sql: "create table orders_restored clone orders at (offset => -3600)", sources: ["orders"], targets: ["orders_restored"] },
  { name: "create table shallow clone", dialect: "databricks", sql: "create or replace table main.core.orders_dev shallow clone main.core.orders", sources: ["main.core.orders"], targets: ["main.core.orders_dev"] },
  { name: "create table deep clone version as of", dialect: "databricks", sql: "create table main.core.orders_v2 deep clone main.core.orders version as of 2", sources: ["main.core.orders"], targets: ["main.core.orders_v2"] },
  { name: "create table clone", dialect: "bigquery", sql: "create table mydataset.orders_clone clone mydataset.orders", sources: ["mydataset.orders"], targets: ["mydataset.orders_clone"] },
  ...(["snowflake", "mysql", "databricks", "spark", "hive", "bigquery"] as const).map((dialect): CorpusCase => ({ name: "create table like", dialect, sql: "create table orders_empty like orders", sources: ["orders"], targets: ["orders_empty"] })),
  { name: "create table (like …)", dialect: "postgres", sql: "create table orders_empty (like orders including all)", sources: ["orders"], targets: ["orders_empty"] },
  { name: "create table (like …)", dialect: "redshift", sql: "create table orders_empty (like orders)", sources: ["orders"], targets: ["orders_empty"] },
  ...(["snowflake", "postgres", "redshift", "databricks", "spark", "hive", "bigquery", "duckdb", "trino", "mysql"] as const).map((dialect): CorpusCase => ({ name: "alter table rename to", dialect, sql: "alter table orders_new rename to orders", sources: ["orders_new"], targets: ["orders"] })),
  { name: "rename table", dialect: "mysql", sql: "rename table orders_new to orders", sources: ["orders_new"], targets: ["orders"] },
  { name: "alter table if exists rename to", dialect: "snowflake", sql: "alter table if exists db.s.orders_new rename to db.s.orders", sources: ["db.s.orders_new"], targets: ["db.s.orders"] },
  { name: "alter table swap with", dialect: "snowflake", sql: "alter table analytics.core.orders swap with analytics.core.orders_new", sources: ["analytics.core.orders", "analytics.core.orders_new"], targets: ["analytics.core.orders", "analytics.core.orders_new"] },
  { name: "alter table exchange partition", dialect: "mysql", sql: "alter table orders exchange partition p2020 with table orders_2020", sources: ["orders", "orders_2020"], targets: ["orders", "orders_2020"] },
  { name: "alter table exchange partition", dialect: "hive", sql: "alter table orders exchange partition (ds='2020-01-01') with table orders_staging", sources: ["orders_staging"], targets: ["orders"] },
  { name: "alter table add column changes no lineage", dialect: "snowflake", sql: "alter table orders add column note varchar", sources: [] },
  { name: "multi-table delete", dialect: "mysql", sql: "delete o from orders o join customers c on o.cid = c.id where c.deleted = 1", sources: ["customers"], targets: ["orders"] },
  { name: "multi-table delete without aliases", dialect: "mysql", sql: "delete orders from orders inner join gone on orders.id = gone.id", sources: ["gone"], targets: ["orders"] },
  { name: "delete … from … using", dialect: "mysql", sql: "delete from orders using orders inner join gone on orders.id = gone.id", sources: ["gone"], targets: ["orders"] },
  { name: "delete by alias with a join", dialect: "tsql", sql: "DELETE o FROM dbo.orders o JOIN dbo.gone g ON o.id = g.id", sources: ["dbo.gone"], targets: ["dbo.orders"] },
  { name: "update join set", dialect: "mysql", sql: "update orders o join customers c on o.cid = c.id set o.region = c.region where c.active = 1", sources: ["customers"], targets: ["orders"] },
  { name: "update of two tables by comma", dialect: "mysql", sql: "update items, month set items.price = month.price where items.id = month.id", sources: ["month"], targets: ["items"] },
  { name: "update by alias from a join", dialect: "tsql", sql: "UPDATE o SET o.region = c.region FROM dbo.orders o JOIN dbo.customers c ON o.cid = c.id", sources: ["dbo.customers"], targets: ["dbo.orders"] },
  { name: "update by table name from a join", dialect: "tsql", sql: "UPDATE dbo.orders SET region = c.region FROM dbo.orders JOIN dbo.customers c ON orders.cid = c.id", sources: ["dbo.customers"], targets: ["dbo.orders"] },
  { name: "update from", dialect: "postgres", sql: "update orders set region = c.region from customers c where orders.cid = c.id", sources: ["customers"], targets: ["orders"] },
  { name: "update from", dialect: "snowflake", sql: "update orders o set region = c.region from customers c where o.cid = c.id", sources: ["customers"], targets: ["orders"] },
  ...(["snowflake", "postgres", "redshift", "databricks", "spark", "bigquery", "duckdb", "trino", "mysql", "tsql", "hive"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "truncate reports no table", dialect, sql: "truncate table orders", sources: [] },
    { name: "drop reports no table", dialect, sql: "drop table if exists orders", sources: [] },
  ]),
  { name: "truncate then insert", dialect: "snowflake", sql: "truncate table orders_daily; insert into orders_daily select * from orders", sources: ["orders"], targets: ["orders_daily"] },
  ...(["spark", "databricks", "hive"] as const).map((dialect): CorpusCase => ({ name: "insert overwrite directory", dialect, sql: "insert overwrite directory '/tmp/out' select * from orders", sources: ["orders"], paths: ["/tmp/out"] })),
  { name: "insert overwrite local directory", dialect: "hive", sql: "insert overwrite local directory '/tmp/out' row format delimited fields terminated by ',' select id from orders", sources: ["orders"], paths: ["/tmp/out"] },
  { name: "insert overwrite directory using", dialect: "databricks", sql: "insert overwrite directory 's3://bucket/out' using parquet select * from main.core.orders", sources: ["main.core.orders"], paths: ["s3://bucket/out"] },
  { name: "unload a query string", dialect: "redshift", sql: "unload ('select * from venue where venuestate = ''NV''') to 's3://bucket/unload/' iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'", sources: ["venue"], paths: ["s3://bucket/unload/"] },
  { name: "unload a joined query string", dialect: "redshift", sql: "unload ('select s.id from sales s join event e on s.eventid = e.eventid') to 's3://bucket/sales_' parquet", sources: ["sales", "event"], paths: ["s3://bucket/sales_"] },
  { name: "unload a query", dialect: "athena", sql: "unload (select * from orders where amount > 0) to 's3://bucket/out/' with (format = 'PARQUET')", sources: ["orders"], paths: ["s3://bucket/out/"] },
  { name: "copy into a stage from a query", dialect: "snowflake", sql: "copy into @my_stage/orders/ from (select id, amount from analytics.core.orders) file_format = (type = parquet)", sources: ["analytics.core.orders"], paths: ["@my_stage/orders/"] },
  { name: "copy into a stage from a table", dialect: "snowflake", sql: "copy into @%orders from orders", sources: ["orders"], paths: ["@%orders"] },
  { name: "copy into a location from a table", dialect: "snowflake", sql: "copy into 's3://bucket/orders/' from analytics.core.orders storage_integration = s3_int", sources: ["analytics.core.orders"], paths: ["s3://bucket/orders/"] },
  { name: "copy into a table from a stage", dialect: "snowflake", sql: "copy into analytics.core.orders from @my_stage/orders/", sources: [], targets: ["analytics.core.orders"], paths: ["@my_stage/orders/"] },
];

/** Column lineage of writes: every written column gets the source columns that flow into it. */
const writeColumnCases: CorpusCase[] = [
  ...(["snowflake", "bigquery", "databricks", "postgres", "tsql", "duckdb", "trino", "redshift"] as const).flatMap((dialect): CorpusCase[] => [
    {
      name: "merge update set and insert values",
      dialect,
      sql: "merge into tgt t using src s on t.id = s.id when matched then update set t.amount = s.amount, t.note = upper(s.note) when not matched then insert (id, amount) values (s.id, s.amount)",
      sources: ["src"],
      targets: ["tgt"],
      columns: { amount: ["src.amount:DIRECT", "src.id:JOIN"], note: ["src.note:TRANSFORMED", "src.id:JOIN"], id: ["src.id:DIRECT", "src.id:JOIN"] },
    },
    {
      name: "merge using a subquery with a matched condition",
      dialect,
      sql: "merge into tgt using (select id, sum(v) as total from src group by id) s on tgt.id = s.id when matched and s.total > 0 then update set total = s.total when not matched then insert (id, total) values (s.id, s.total)",
      sources: ["src"],
      targets: ["tgt"],
      columns: { total: ["src.v:AGGREGATED", "src.id:GROUP_BY", "src.id:JOIN", "src.v:FILTER"] },
    },
  ]),
  ...(["postgres", "snowflake", "redshift", "duckdb"] as const).map((dialect): CorpusCase => ({ name: "update set from", dialect, sql: "update orders set region = c.region, label = c.name || '!' from customers c where orders.cid = c.id", sources: ["customers"], targets: ["orders"], columns: { region: ["customers.region:DIRECT", "customers.id:FILTER"], label: ["customers.name:TRANSFORMED", "customers.id:FILTER"] } })),
  { name: "update set from a join", dialect: "tsql", sql: "UPDATE o SET o.region = c.region FROM dbo.orders o JOIN dbo.customers c ON o.cid = c.id", sources: ["dbo.customers"], targets: ["dbo.orders"], columns: { region: ["dbo.customers.region:DIRECT", "dbo.customers.id:JOIN"] } },
  { name: "update join set", dialect: "mysql", sql: "update orders o join customers c on o.cid = c.id set o.region = c.region", sources: ["customers"], targets: ["orders"], columns: { region: ["customers.region:DIRECT", "customers.id:JOIN"] } },
  { name: "update set a subquery", dialect: "postgres", sql: "update orders set total = (select sum(amount) from items where items.oid = orders.id)", sources: ["items"], targets: ["orders"], columns: { total: ["items.amount:AGGREGATED", "items.oid:FILTER"] } },
  ...(["snowflake", "bigquery", "postgres", "redshift", "databricks", "spark", "hive", "duckdb", "trino", "tsql", "mysql"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "insert mapped by the column list", dialect, sql: "insert into tgt (a, b) select x, y + 1 from src", sources: ["src"], targets: ["tgt"], columns: { a: ["src.x:DIRECT"], b: ["src.y:TRANSFORMED"] } },
    { name: "insert mapped by position onto the target's schema", dialect, sql: "insert into tgt select x, y + 1 from src", sources: ["src"], targets: ["tgt"], schema: { tgt: { a: "int", b: "int" } }, columns: { a: ["src.x:DIRECT"], b: ["src.y:TRANSFORMED"] } },
  ]),
  ...(["spark", "databricks", "hive"] as const).flatMap((dialect): CorpusCase[] => [
    { name: "insert overwrite a static partition", dialect, sql: "insert overwrite table db.tgt partition (dt='2024-01-01') select id, amount from db.src where dt = '2024-01-01'", sources: ["db.src"], targets: ["db.tgt"], columns: { amount: ["db.src.amount:DIRECT", "db.src.dt:FILTER"] } },
    { name: "insert into a partition by position onto the schema", dialect, sql: "insert into table db.tgt partition (dt='2024-01-01') select x from db.src", sources: ["db.src"], targets: ["db.tgt"], schema: { "db.tgt": { a: "int", dt: "string" } }, columns: { a: ["db.src.x:DIRECT"] } },
  ]),
  ...(["snowflake", "bigquery", "postgres", "redshift", "databricks", "spark", "hive", "duckdb", "trino", "tsql", "mysql"] as const).map((dialect): CorpusCase => ({ name: "create view with a column list", dialect, sql: "create view v (c1, c2) as select a, b * 2 from t", sources: ["t"], targets: ["v"], columns: { c1: ["t.a:DIRECT"], c2: ["t.b:TRANSFORMED"] } })),
  { name: "select into keeps output names", dialect: "tsql", sql: "SELECT o.id AS order_id, c.name INTO dbo.report FROM dbo.orders o JOIN dbo.customers c ON o.cid = c.id", sources: ["dbo.orders", "dbo.customers"], targets: ["dbo.report"], columns: { order_id: ["dbo.orders.id:DIRECT", "dbo.orders.cid:JOIN", "dbo.customers.id:JOIN"] } },
];

export const FAMILY_CASES: CorpusCase[] = [
  ...identifierCases.map((c) => ({ ...c, family: "identifier" })),
  ...sessionContextCases.map((c) => ({ ...c, family: "session context" })),
  ...keywordFunctionCases.map((c) => ({ ...c, family: "keyword-named functions" })),
  ...nonInsertWriteCases.map((c) => ({ ...c, family: "writes that are not insert" })),
  ...writeColumnCases.map((c) => ({ ...c, family: "column lineage of writes" })),
  ...PROCEDURAL_CASES,
  ...FROM_SYNTAX_CASES,
];
