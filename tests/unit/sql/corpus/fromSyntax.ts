import type { Dialect } from "../../../../src/core/sql/index.js";
import type { CorpusCase } from "./cases.js";

/**
 * Issue 15, family 6 (second part): syntax around FROM that used to drop tables. Written from each
 * warehouse's documentation: subqueries in VALUES, ARRAY(SELECT …) and IN (SELECT …) inside DML,
 * FLATTEN, LATERAL VIEW, UNNEST, APPLY, table hints, bracketed names, Spark's `WITH t (SELECT …)`,
 * recursive CTEs and `::` casts on subqueries.
 */
const each = (dialects: readonly Dialect[], make: (dialect: Dialect) => Omit<CorpusCase, "dialect">): CorpusCase[] => dialects.map((dialect) => ({ ...make(dialect), dialect }));

const cases: CorpusCase[] = [
  // Subqueries inside VALUES (…) of INSERT.
  ...each(["snowflake", "bigquery", "postgres", "redshift", "duckdb", "trino", "tsql", "mysql", "databricks"], () => ({
    name: "subquery inside values",
    sql: "insert into audit (max_id, label) values ((select max(id) from orders), 'daily')",
    sources: ["orders"],
    targets: ["audit"],
    columns: { max_id: ["orders.id:AGGREGATED"] },
  })),
  ...each(["postgres", "mysql", "tsql", "snowflake"], () => ({
    name: "several rows with subqueries inside values",
    sql: "insert into totals (k, v) values ('orders', (select count(*) from orders)), ('refunds', (select count(*) from refunds))",
    sources: ["orders", "refunds"],
    targets: ["totals"],
  })),
  // ARRAY(SELECT …).
  ...each(["bigquery", "postgres", "duckdb"], () => ({
    name: "array of a subquery",
    sql: "select o.id, array(select t.tag from tags t where t.order_id = o.id) as tag_list from orders o",
    sources: ["orders", "tags"],
    columns: { id: ["orders.id:DIRECT"] },
  })),
  ...each(["bigquery", "postgres"], () => ({
    name: "array of a subquery in an insert",
    sql: "insert into order_tags (id, tags) select o.id, array(select t.tag from tags t where t.order_id = o.id) from orders o",
    sources: ["orders", "tags"],
    targets: ["order_tags"],
  })),
  // IN (SELECT …) in DML.
  ...each(["snowflake", "bigquery", "postgres", "redshift", "duckdb", "trino", "tsql", "mysql", "databricks", "spark", "hive"], () => ({
    name: "delete where in a subquery",
    sql: "delete from orders where customer_id in (select id from closed_customers)",
    sources: ["closed_customers"],
    targets: ["orders"],
  })),
  ...each(["snowflake", "bigquery", "postgres", "redshift", "duckdb", "trino", "tsql", "mysql", "databricks"], () => ({
    name: "update where not in a subquery",
    sql: "update orders set status = 'orphan' where customer_id not in (select id from customers)",
    sources: ["customers"],
    targets: ["orders"],
  })),
  ...each(["snowflake", "bigquery", "postgres", "tsql", "databricks"], () => ({
    name: "merge source filtered by in a subquery",
    sql: "merge into tgt t using (select * from src where id in (select id from allowed)) s on t.id = s.id when matched then update set v = s.v",
    sources: ["src", "allowed"],
    targets: ["tgt"],
  })),
  // Snowflake LATERAL FLATTEN.
  {
    name: "lateral flatten with input =>",
    dialect: "snowflake",
    sql: "select o.id, f.value:sku::string as sku from db.s.orders o, lateral flatten(input => o.items) f",
    sources: ["db.s.orders"],
    columns: { id: ["db.s.orders.id:DIRECT"] },
  },
  {
    name: "table flatten of a parsed path",
    dialect: "snowflake",
    sql: "select e.id, l.value:amount as amount from db.s.events e, table(flatten(input => parse_json(e.payload):lines, outer => true)) l",
    sources: ["db.s.events"],
    columns: { id: ["db.s.events.id:DIRECT"], amount: ["db.s.events.payload:TRANSFORMED"] },
  },
  {
    name: "nested lateral flatten",
    dialect: "snowflake",
    sql: "select c.id, f1.value:name as name, f2.value as phone from db.s.customers c, lateral flatten(input => c.contacts) f1, lateral flatten(input => f1.value:phones) f2 where c.active",
    sources: ["db.s.customers"],
  },
  // Hive / Spark / Databricks LATERAL VIEW.
  ...each(["hive", "spark", "databricks"], () => ({
    name: "lateral view explode",
    sql: "select o.id, item from db.orders o lateral view explode(o.items) t as item",
    sources: ["db.orders"],
    columns: { id: ["db.orders.id:DIRECT"], item: ["db.orders.items:TRANSFORMED"] },
  })),
  ...each(["hive", "spark", "databricks"], () => ({
    name: "lateral view outer posexplode and a join",
    sql: "insert overwrite table db.flat select o.id, pos, item, c.name from db.orders o lateral view outer posexplode(o.items) x as pos, item join db.customers c on o.cid = c.id",
    sources: ["db.orders", "db.customers"],
    targets: ["db.flat"],
  })),
  // UNNEST: BigQuery (alias, WITH OFFSET), PostgreSQL / Trino / DuckDB (column aliases, WITH ORDINALITY).
  {
    name: "unnest with alias and offset",
    dialect: "bigquery",
    sql: "select o.id, item, pos from ds.orders o, unnest(o.items) as item with offset as pos",
    sources: ["ds.orders"],
    columns: { id: ["ds.orders.id:DIRECT"], item: ["ds.orders.items:TRANSFORMED"] },
  },
  {
    name: "cross join unnest of a struct array",
    dialect: "bigquery",
    sql: "select o.id, li.sku from `proj.ds.orders` o cross join unnest(o.line_items) li left join `proj.ds.skus` s on s.sku = li.sku",
    sources: ["proj.ds.orders", "proj.ds.skus"],
  },
  {
    name: "unnest in an in subquery",
    dialect: "bigquery",
    sql: "select id from ds.orders where 'vip' in unnest(tags)",
    sources: ["ds.orders"],
  },
  ...each(["postgres", "duckdb"], () => ({
    name: "unnest with ordinality and column aliases",
    sql: "select o.id, t.tag, t.n from orders o cross join lateral unnest(o.tags) with ordinality as t(tag, n)",
    sources: ["orders"],
    columns: { id: ["orders.id:DIRECT"], tag: ["orders.tags:TRANSFORMED"] },
  })),
  {
    name: "unnest with column alias",
    dialect: "trino",
    sql: "select o.id, t.item from hive.core.orders o cross join unnest(o.items) as t(item)",
    sources: ["hive.core.orders"],
    columns: { id: ["hive.core.orders.id:DIRECT"], item: ["hive.core.orders.items:TRANSFORMED"] },
  },
  {
    name: "unnest with ordinality",
    dialect: "trino",
    sql: "select o.id, t.item, t.n from hive.core.orders o cross join unnest(o.items) with ordinality as t(item, n) join hive.core.skus s on s.sku = t.item",
    sources: ["hive.core.orders", "hive.core.skus"],
  },
  {
    name: "unnest with column alias",
    dialect: "athena",
    sql: "select o.id, t.item from core.orders o cross join unnest(o.items) as t(item)",
    sources: ["core.orders"],
  },
  // T-SQL CROSS / OUTER APPLY.
  {
    name: "cross apply a correlated subquery",
    dialect: "tsql",
    sql: "SELECT c.id, x.total FROM dbo.customers c CROSS APPLY (SELECT SUM(o.amount) AS total FROM dbo.orders o WHERE o.cid = c.id) x",
    sources: ["dbo.customers", "dbo.orders"],
    columns: { total: ["dbo.orders.amount:AGGREGATED", "dbo.orders.cid:FILTER", "dbo.customers.id:FILTER"] },
  },
  {
    name: "outer apply top 1",
    dialect: "tsql",
    sql: "SELECT c.id, last.created FROM dbo.customers c OUTER APPLY (SELECT TOP 1 o.created FROM dbo.orders o WHERE o.cid = c.id ORDER BY o.created DESC) AS last",
    sources: ["dbo.customers", "dbo.orders"],
  },
  {
    name: "cross apply openjson and string_split",
    dialect: "tsql",
    sql: "SELECT e.id, j.sku, s.value FROM dbo.events e CROSS APPLY OPENJSON(e.payload) WITH (sku nvarchar(20) '$.sku') AS j CROSS APPLY STRING_SPLIT(e.tags, ',') s",
    sources: ["dbo.events"],
  },
  // T-SQL table hints.
  {
    name: "table hints with nolock",
    dialect: "tsql",
    sql: "SELECT o.id, c.name FROM dbo.orders o WITH (NOLOCK) JOIN dbo.customers AS c WITH (NOLOCK, INDEX(ix_id)) ON o.cid = c.id",
    sources: ["dbo.orders", "dbo.customers"],
    columns: { name: ["dbo.customers.name:DIRECT", "dbo.orders.cid:JOIN", "dbo.customers.id:JOIN"] },
  },
  {
    name: "table hint without an alias and old-style hint",
    dialect: "tsql",
    sql: "SELECT id FROM dbo.orders WITH (NOLOCK) WHERE id IN (SELECT oid FROM dbo.refunds (NOLOCK))",
    sources: ["dbo.orders", "dbo.refunds"],
  },
  {
    name: "hints on write targets",
    dialect: "tsql",
    sql: "INSERT INTO dbo.archive WITH (TABLOCK) (id) SELECT id FROM dbo.orders WITH (READUNCOMMITTED)",
    sources: ["dbo.orders"],
    targets: ["dbo.archive"],
    columns: { id: ["dbo.orders.id:DIRECT"] },
  },
  {
    name: "merge with holdlock",
    dialect: "tsql",
    sql: "MERGE dbo.customers WITH (HOLDLOCK) AS t USING dbo.customer_updates AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.name = s.name;",
    sources: ["dbo.customer_updates"],
    targets: ["dbo.customers"],
    columns: { name: ["dbo.customer_updates.name:DIRECT", "dbo.customer_updates.id:JOIN"] },
  },
  {
    name: "insert into a table variable",
    dialect: "tsql",
    sql: "DECLARE @ids TABLE (id int); INSERT INTO @ids SELECT id FROM dbo.orders WHERE amount > 0",
    sources: ["dbo.orders"],
  },
  {
    name: "insert exec",
    dialect: "tsql",
    sql: "INSERT INTO dbo.report (id) EXEC dbo.build_report @year = 2024",
    sources: [],
    targets: ["dbo.report"],
    diagnostic: "SQL_PROCEDURE_ROWS",
  },
  // Multi-table and overwrite inserts.
  {
    name: "insert overwrite into",
    dialect: "snowflake",
    sql: "insert overwrite into db.s.daily select d, sum(x) as total from db.s.events group by d",
    sources: ["db.s.events"],
    targets: ["db.s.daily"],
    columns: { total: ["db.s.events.x:AGGREGATED", "db.s.events.d:GROUP_BY"] },
  },
  ...each(["snowflake", "oracle"], () => ({
    name: "unconditional multi-table insert",
    sql: "insert all into t1 (a) values (x) into t2 (b) values (y) select x, y from src",
    sources: ["src"],
    targets: ["t1", "t2"],
  })),
  ...each(["snowflake", "oracle"], () => ({
    name: "conditional multi-table insert",
    sql: "insert first when amount > 100 then into big_orders when amount > 10 then into mid_orders else into small_orders select * from orders",
    sources: ["orders"],
    targets: ["big_orders", "mid_orders", "small_orders"],
  })),
  // T-SQL [bracketed] names.
  {
    name: "bracketed three-part names and columns",
    dialect: "tsql",
    sql: "SELECT [o].[order id], [o].[Amount] AS [Total] FROM [sales].[dbo].[orders] AS [o]",
    sources: ["sales.dbo.orders"],
    columns: { "order id": ["sales.dbo.orders.order id:DIRECT"], Total: ["sales.dbo.orders.Amount:DIRECT"] },
  },
  {
    name: "bracketed write target",
    dialect: "tsql",
    sql: "INSERT INTO [dbo].[Order Archive] ([id]) SELECT [id] FROM [dbo].[Orders]",
    sources: ["dbo.Orders"],
    targets: ["dbo.Order Archive"],
  },
  // Spark / Databricks `WITH t (SELECT …)` without AS.
  ...each(["spark", "databricks", "hive"], () => ({
    name: "cte without as",
    sql: "with recent (select id, amount from db.orders where dt > '2024-01-01') select id from recent",
    sources: ["db.orders"],
    columns: { id: ["db.orders.id:DIRECT", "db.orders.dt:FILTER"] },
  })),
  ...each(["spark", "databricks"], () => ({
    name: "two ctes without as feeding an insert",
    sql: "with a (select id from db.x), b (select id from db.y) insert into db.z select a.id from a join b on a.id = b.id",
    sources: ["db.x", "db.y"],
    targets: ["db.z"],
  })),
  // Recursive CTEs are never tables.
  ...each(["postgres", "redshift", "duckdb", "mysql", "snowflake", "databricks", "trino", "bigquery"], () => ({
    name: "recursive cte with a column list",
    sql: "with recursive tree (id, parent_id, depth) as (select id, parent_id, 0 from nodes where parent_id is null union all select n.id, n.parent_id, t.depth + 1 from nodes n join tree t on n.parent_id = t.id) select id, depth from tree",
    sources: ["nodes"],
  })),
  {
    name: "recursive cte without the keyword",
    dialect: "tsql",
    sql: "WITH tree AS (SELECT id, parent_id FROM dbo.nodes WHERE parent_id IS NULL UNION ALL SELECT n.id, n.parent_id FROM dbo.nodes n JOIN tree t ON n.parent_id = t.id) SELECT id FROM tree OPTION (MAXRECURSION 100)",
    sources: ["dbo.nodes"],
  },
  {
    name: "recursive cte without the keyword",
    dialect: "snowflake",
    sql: "with tree as (select id, manager_id from db.s.employees where manager_id is null union all select e.id, e.manager_id from db.s.employees e join tree on e.manager_id = tree.id) select * from tree",
    sources: ["db.s.employees"],
  },
  ...each(["postgres", "snowflake", "duckdb", "databricks"], () => ({
    name: "recursive cte before an insert",
    sql: "with recursive r (n) as (select 1 union all select n + 1 from r where n < 5) insert into numbers (n) select n from r",
    sources: [],
    targets: ["numbers"],
  })),
  ...each(["postgres", "redshift"], () => ({
    name: "recursive cte feeding an insert",
    sql: "insert into org_paths with recursive p as (select id, name::text as path from org where parent is null union all select o.id, p.path || '/' || o.name from org o join p on o.parent = p.id) select * from p",
    sources: ["org"],
    targets: ["org_paths"],
  })),
  // `::` casts on subqueries.
  ...each(["postgres", "redshift", "duckdb", "snowflake", "databricks"], () => ({
    name: "cast of a scalar subquery with ::",
    sql: "select (select max(created) from events)::date as last_day, (select count(*) from a)::float / (select count(*) from b)::float as ratio",
    sources: ["events", "a", "b"],
    columns: { last_day: ["events.created:AGGREGATED"] },
  })),
  ...each(["postgres", "redshift"], () => ({
    name: "cast of a subquery in a where clause",
    sql: "select id from orders where total > (select avg(total) from orders where status = 'paid')::numeric and region in (select region from active_regions)",
    sources: ["orders", "active_regions"],
  })),
  ...each(["postgres", "redshift", "duckdb"], () => ({
    name: "cast of a derived table's column and of an array subquery",
    sql: "select s.n::int, array(select x from xs)::text[] as xs_list from (select count(*) as n from orders) s",
    sources: ["orders", "xs"],
  })),
];

export const FROM_SYNTAX_CASES: CorpusCase[] = cases.map((c) => ({ ...c, family: "syntax that drops tables" }));
