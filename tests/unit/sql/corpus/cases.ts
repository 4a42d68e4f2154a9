import type { Dialect } from "../../../../src/core/sql/index.js";
import { COLUMN_DETAIL_CASES } from "./columnDetails.js";
import { FAMILY_CASES } from "./families.js";

/**
 * The corpus: SQL with the relations and column edges it must yield. `columns` lists, per output
 * column, every edge as `table.column:KIND`, exactly; columns not listed are not checked.
 */
export interface CorpusCase {
  name: string;
  dialect?: Dialect;
  sql: string;
  sources: string[];
  targets?: string[];
  intermediates?: string[];
  paths?: string[];
  columns?: Record<string, string[]>;
  refs?: string[];
  unresolved?: number;
  /** Upstream columns passed to the analysis, as the catalog would. */
  schema?: Record<string, Record<string, string>>;
  /** A diagnostic code the answer must carry. */
  diagnostic?: string;
  /** The issue-15 family the case belongs to (see `families.ts`, `columnDetails.ts`). */
  family?: string;
  /** The named output columns, exactly and in order (`columns` checks edges, not which outputs exist). */
  outputs?: string[];
  /**
   * Why the engine's answer is known to differ from this expectation. Such a case passes only
   * while its answer differs and carries a warning (no silent miss); once fixed, drop the flag.
   */
  knownMiss?: string;
}

const tableCases: CorpusCase[] = [
  { name: "simple select", sql: "select a from t", sources: ["t"], columns: { a: ["t.a:DIRECT"] } },
  { name: "schema qualified", sql: "select a from s.t", sources: ["s.t"] },
  { name: "three part name", sql: "select a from db.s.t", sources: ["db.s.t"] },
  { name: "quoted parts", sql: 'select "A" from "My DB"."Sch"."T"', sources: ["My DB.Sch.T"], columns: { A: ["My DB.Sch.T.A:DIRECT"] } },
  { name: "bigquery backtick path", dialect: "bigquery", sql: "select x from `proj.ds.tbl`", sources: ["proj.ds.tbl"] },
  { name: "bigquery backtick parts", dialect: "bigquery", sql: "select x from `proj`.`ds`.`tbl`", sources: ["proj.ds.tbl"] },
  { name: "tsql brackets", dialect: "tsql", sql: "select [a] from [db].[dbo].[t]", sources: ["db.dbo.t"] },
  { name: "cte is not a table", sql: "with c as (select a from t) select a from c", sources: ["t"], columns: { a: ["t.a:DIRECT"] } },
  { name: "two ctes chained", sql: "with c1 as (select a from t), c2 as (select a from c1) select a from c2", sources: ["t"] },
  { name: "recursive cte", sql: "with recursive r as (select 1 as n union all select n + 1 from r where n < 5) select n from r", sources: [] },
  { name: "cte shadows table name", sql: "with orders as (select * from raw.orders) select id from orders", sources: ["raw.orders"], columns: { id: ["raw.orders.id:DIRECT"] } },
  { name: "alias is not a table", sql: "select o.id from orders o join customers as c on o.cid = c.id", sources: ["orders", "customers"] },
  { name: "comma join", sql: "select a.x, b.y from a, b where a.id = b.id", sources: ["a", "b"] },
  { name: "left join", sql: "select * from a left outer join b on a.id = b.id", sources: ["a", "b"] },
  { name: "full join", sql: "select * from a full join b using (id)", sources: ["a", "b"] },
  { name: "cross join", sql: "select * from a cross join b", sources: ["a", "b"] },
  { name: "natural join", sql: "select * from a natural join b", sources: ["a", "b"] },
  { name: "subquery in from", sql: "select x from (select x from inner_t) sub", sources: ["inner_t"], columns: { x: ["inner_t.x:DIRECT"] } },
  { name: "subquery without alias", sql: "select x from (select x from inner_t)", sources: ["inner_t"], columns: { x: ["inner_t.x:DIRECT"] } },
  { name: "scalar subquery", sql: "select (select max(v) from m) as mv from t", sources: ["m", "t"], columns: { mv: ["m.v:AGGREGATED"] } },
  { name: "in subquery", sql: "select a from t where b in (select b from u)", sources: ["t", "u"], columns: { a: ["t.a:DIRECT", "t.b:FILTER", "u.b:FILTER"] } },
  { name: "exists subquery", sql: "select a from t where exists (select 1 from u where u.id = t.id)", sources: ["t", "u"] },
  { name: "union", sql: "select a from t1 union all select a from t2", sources: ["t1", "t2"], columns: { a: ["t1.a:DIRECT", "t2.a:DIRECT"] } },
  { name: "intersect except", sql: "select a from t1 intersect select a from t2 except select a from t3", sources: ["t1", "t2", "t3"] },
  { name: "parenthesized union", sql: "(select a from t1) union (select a from t2)", sources: ["t1", "t2"] },
  { name: "lateral flatten", dialect: "snowflake", sql: "select f.value as v from t, lateral flatten(input => t.arr) f", sources: ["t"], columns: { v: ["t.arr:TRANSFORMED"] } },
  { name: "unnest", dialect: "bigquery", sql: "select x from t, unnest(t.items) as x", sources: ["t"] },
  { name: "lateral view explode", dialect: "hive", sql: "select id, item from t lateral view explode(items) e as item", sources: ["t"] },
  { name: "values is not a table", sql: "select * from (values (1, 2)) as v(a, b)", sources: [] },
  { name: "insert select", sql: "insert into tgt select a from src", sources: ["src"], targets: ["tgt"] },
  { name: "insert with columns", sql: "insert into tgt (x) select a from src", sources: ["src"], targets: ["tgt"], columns: { x: ["src.a:DIRECT"] } },
  { name: "insert overwrite", dialect: "spark", sql: "insert overwrite table db.tgt partition (dt='x') select a from db.src", sources: ["db.src"], targets: ["db.tgt"] },
  { name: "ctas", sql: "create table tgt as select a from src", sources: ["src"], targets: ["tgt"], columns: { a: ["src.a:DIRECT"] } },
  { name: "create or replace view", sql: "create or replace view v as select a from src", sources: ["src"], targets: ["v"] },
  { name: "create view with column list", sql: "create view v (x) as select a from src", sources: ["src"], targets: ["v"], columns: { x: ["src.a:DIRECT"] } },
  { name: "create temporary table", sql: "create temporary table if not exists tmp as select a from src", sources: ["src"], targets: ["tmp"] },
  { name: "snowflake transient with options", dialect: "snowflake", sql: "create or replace transient table db.s.t cluster by (a) copy grants as (select a from db.s.src)", sources: ["db.s.src"], targets: ["db.s.t"] },
  { name: "bigquery create with options", dialect: "bigquery", sql: "create or replace table `p.d.t` partition by date(ts) options(description='x') as select ts from `p.d.src`", sources: ["p.d.src"], targets: ["p.d.t"] },
  { name: "snowflake identifier target", dialect: "snowflake", sql: "create or replace table identifier('db.s.t') as select a from db.s.src", sources: ["db.s.src"], targets: ["db.s.t"] },
  { name: "merge", sql: "merge into tgt t using src s on t.id = s.id when matched then update set v = s.v when not matched then insert (id, v) values (s.id, s.v)", sources: ["src"], targets: ["tgt"] },
  { name: "merge using subquery", sql: "merge into tgt using (select id, v from src where ok) s on tgt.id = s.id when matched then delete", sources: ["src"], targets: ["tgt"] },
  { name: "update from", sql: "update tgt set v = s.v from src s where tgt.id = s.id", sources: ["src"], targets: ["tgt"] },
  { name: "update with subquery", sql: "update tgt set v = (select max(v) from src)", sources: ["src"], targets: ["tgt"] },
  { name: "delete using", sql: "delete from tgt using src where tgt.id = src.id", sources: ["src"], targets: ["tgt"] },
  { name: "delete with in", sql: "delete from tgt where id in (select id from gone)", sources: ["gone"], targets: ["tgt"] },
  { name: "copy into from stage", dialect: "snowflake", sql: "copy into raw.t from @my_stage/path/ file_format = (type = csv)", sources: [], targets: ["raw.t"], paths: ["@my_stage/path/"] },
  { name: "copy unload", dialect: "snowflake", sql: "copy into @out/stage from (select a from t)", sources: ["t"], paths: ["@out/stage"] },
  { name: "duckdb file path", dialect: "duckdb", sql: "select * from 's3://bucket/data.parquet'", sources: [], paths: ["s3://bucket/data.parquet"] },
  { name: "duckdb read_parquet", dialect: "duckdb", sql: "select a from read_parquet('data/x.parquet')", sources: [], paths: ["data/x.parquet"] },
  { name: "spark path table", dialect: "spark", sql: "select * from parquet.`/mnt/data/events`", sources: [], paths: ["/mnt/data/events"] },
  { name: "postgres copy", dialect: "postgres", sql: "copy t from '/tmp/x.csv'", sources: [], targets: ["t"], paths: ["/tmp/x.csv"] },
  { name: "script intermediates", sql: "create temp table stage as select a from src; insert into final select a from stage", sources: ["src"], targets: ["final"], intermediates: ["stage"] },
  { name: "bad statement does not lose others", sql: "select a from t1; this is not sql at all (; select b from t2", sources: ["t1", "t2"] },
  { name: "statements with comments", sql: "-- first\nselect a from t1; /* second */ select b from t2;", sources: ["t1", "t2"] },
  { name: "string is not a table", sql: "select 'from x' as s from t", sources: ["t"] },
  { name: "is distinct from", sql: "select a from t where a is distinct from b", sources: ["t"] },
  { name: "extract from", sql: "select extract(year from d) as y from t", sources: ["t"], columns: { y: ["t.d:TRANSFORMED"] } },
  { name: "time travel snowflake", dialect: "snowflake", sql: "select a from t at(offset => -60) x", sources: ["t"] },
  { name: "bigquery system time", dialect: "bigquery", sql: "select a from `p.d.t` for system_time as of current_timestamp()", sources: ["p.d.t"] },
  { name: "tablesample", sql: "select a from t tablesample bernoulli (10)", sources: ["t"] },
  { name: "qualify", dialect: "snowflake", sql: "select id from t qualify row_number() over (partition by id order by ts desc) = 1", sources: ["t"], columns: { id: ["t.id:DIRECT", "t.ts:FILTER", "t.id:FILTER"] } },
  { name: "with before insert", sql: "with c as (select a from src) insert into tgt select a from c", sources: ["src"], targets: ["tgt"] },
  { name: "duckdb from first", dialect: "duckdb", sql: "from t select a", sources: ["t"] },
  { name: "pivot", dialect: "snowflake", sql: "select * from t pivot (sum(v) for k in ('a', 'b')) as p", sources: ["t"] },
  { name: "select into", dialect: "tsql", sql: "select top 10 a into #tmp from dbo.t", sources: ["dbo.t"], targets: ["#tmp"] },
  { name: "procedure body other statement", sql: "grant select on t to role r; select a from t2", sources: ["t2"] },
  { name: "nested parens join", sql: "select * from (a join b on a.id = b.id) join c on c.id = a.id", sources: ["a", "b", "c"] },
  { name: "asof join", dialect: "duckdb", sql: "select * from a asof join b on a.t >= b.t", sources: ["a", "b"] },
  { name: "semi join", dialect: "duckdb", sql: "select * from a semi join b on a.id = b.id", sources: ["a", "b"] },
  { name: "cross apply", dialect: "tsql", sql: "select * from a cross apply (select top 1 * from b where b.id = a.id) x", sources: ["a", "b"] },
  { name: "trino unnest with ordinality", dialect: "trino", sql: "select x, n from t cross join unnest(t.arr) with ordinality as u(x, n)", sources: ["t"] },
  { name: "mysql backticks", dialect: "mysql", sql: "select `a` from `db`.`t`", sources: ["db.t"] },
  { name: "redshift", dialect: "redshift", sql: "select a from public.t where b ilike '%x%'", sources: ["public.t"] },
  { name: "athena", dialect: "athena", sql: 'select a from "awsdatacatalog"."db"."t"', sources: ["awsdatacatalog.db.t"] },
];

const columnCases: CorpusCase[] = [
  { name: "alias copy", sql: "select a as b from t", sources: ["t"], columns: { b: ["t.a:DIRECT"] } },
  { name: "arithmetic", sql: "select a + b as c from t", sources: ["t"], columns: { c: ["t.a:TRANSFORMED", "t.b:TRANSFORMED"] } },
  { name: "function", sql: "select upper(name) as n from t", sources: ["t"], columns: { n: ["t.name:TRANSFORMED"] } },
  { name: "cast", sql: "select cast(a as int) as a from t", sources: ["t"], columns: { a: ["t.a:TRANSFORMED"] } },
  { name: "postgres cast", sql: "select a::numeric(10,2) as a from t", sources: ["t"], columns: { a: ["t.a:TRANSFORMED"] } },
  { name: "case", sql: "select case when s = 'x' then a else b end as c from t", sources: ["t"], columns: { c: ["t.s:TRANSFORMED", "t.a:TRANSFORMED", "t.b:TRANSFORMED"] } },
  { name: "aggregate with group by", sql: "select k, sum(v) as total from t group by k", sources: ["t"], columns: { k: ["t.k:DIRECT", "t.k:GROUP_BY"], total: ["t.v:AGGREGATED", "t.k:GROUP_BY"] } },
  { name: "group by ordinal", sql: "select k, count(*) as n from t group by 1", sources: ["t"], columns: { n: ["t.k:GROUP_BY"] } },
  { name: "count distinct", sql: "select count(distinct u) as users from t", sources: ["t"], columns: { users: ["t.u:AGGREGATED"] } },
  { name: "where filter", sql: "select a from t where b > 1", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.b:FILTER"] } },
  { name: "having filter", sql: "select k, count(*) as n from t group by k having max(v) > 2", sources: ["t"], columns: { n: ["t.k:GROUP_BY", "t.v:FILTER"] } },
  { name: "join key", sql: "select o.amount from orders o join customers c on o.customer_id = c.id", sources: ["orders", "customers"], columns: { amount: ["orders.amount:DIRECT", "orders.customer_id:JOIN", "customers.id:JOIN"] } },
  { name: "join using", sql: "select amount from orders join customers using (customer_id)", sources: ["orders", "customers"] },
  { name: "order by", sql: "select a from t order by b", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.b:SORT"] } },
  { name: "window", sql: "select row_number() over (partition by k order by ts) as rn from t", sources: ["t"], columns: { rn: ["t.k:WINDOW", "t.ts:WINDOW"] } },
  { name: "window aggregate", sql: "select sum(v) over (partition by k) as s from t", sources: ["t"], columns: { s: ["t.v:AGGREGATED", "t.k:WINDOW"] } },
  { name: "lag", sql: "select lag(v) over (order by ts) as prev from t", sources: ["t"], columns: { prev: ["t.v:TRANSFORMED", "t.ts:WINDOW"] } },
  { name: "through cte", sql: "with c as (select a * 2 as d from t) select d from c", sources: ["t"], columns: { d: ["t.a:TRANSFORMED"] } },
  { name: "cte filter propagates", sql: "with c as (select a from t where f) select a from c", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.f:FILTER"] } },
  { name: "aggregate through cte", sql: "with c as (select k, sum(v) as s from t group by k) select s from c", sources: ["t"], columns: { s: ["t.v:AGGREGATED", "t.k:GROUP_BY"] } },
  { name: "union columns", sql: "select a as x from t1 union select b from t2", sources: ["t1", "t2"], columns: { x: ["t1.a:DIRECT", "t2.b:DIRECT"] } },
  { name: "unqualified with two tables, one known by schema", schema: { orders: { amount: "int", cid: "int" }, customers: { id: "int" } }, sql: "select amount from orders o join customers c on o.cid = c.id", sources: ["orders", "customers"], columns: { amount: ["orders.amount:DIRECT", "orders.cid:JOIN", "customers.id:JOIN"] } },
  { name: "case-differing qualifier", sql: "select O.amount from orders o", sources: ["orders"], columns: { amount: ["orders.amount:DIRECT"] } },
  { name: "table name as qualifier", sql: "select orders.amount from orders", sources: ["orders"], columns: { amount: ["orders.amount:DIRECT"] } },
  { name: "schema.table qualifier", sql: "select s.orders.amount from s.orders", sources: ["s.orders"], columns: { amount: ["s.orders.amount:DIRECT"] } },
  { name: "lateral alias", dialect: "snowflake", sql: "select a + 1 as b, b * 2 as c from t", sources: ["t"], columns: { c: ["t.a:TRANSFORMED"] } },
  { name: "coalesce", sql: "select coalesce(a, b, 0) as c from t", sources: ["t"], columns: { c: ["t.a:TRANSFORMED", "t.b:TRANSFORMED"] } },
  { name: "date parts are not columns", dialect: "snowflake", sql: "select datediff(day, created, closed) as d from t", sources: ["t"], columns: { d: ["t.created:TRANSFORMED", "t.closed:TRANSFORMED"] } },
  { name: "bigquery date_diff", dialect: "bigquery", sql: "select date_diff(closed, created, day) as d from t", sources: ["t"], columns: { d: ["t.closed:TRANSFORMED", "t.created:TRANSFORMED"] } },
  { name: "interval", sql: "select ts + interval '1 day' as t2 from t", sources: ["t"], columns: { t2: ["t.ts:TRANSFORMED"] } },
  { name: "typed literal", sql: "select a from t where d > date '2020-01-01'", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.d:FILTER"] } },
  { name: "snowflake path access", dialect: "snowflake", sql: "select payload:user.id::string as uid from t", sources: ["t"], columns: { uid: ["t.payload:TRANSFORMED"] } },
  { name: "implicit alias", sql: "select a b from t", sources: ["t"], columns: { b: ["t.a:DIRECT"] } },
  { name: "quoted alias", sql: 'select a as "Total Amount" from t', sources: ["t"], columns: { "Total Amount": ["t.a:DIRECT"] } },
  { name: "percentile within group", dialect: "snowflake", sql: "select percentile_cont(0.5) within group (order by v) as med from t", sources: ["t"], columns: { med: ["t.v:AGGREGATED"] } },
  { name: "filter clause", dialect: "postgres", sql: "select count(*) filter (where ok) as n from t", sources: ["t"], columns: { n: ["t.ok:AGGREGATED"] } },
  { name: "nulls last", sql: "select a from t order by b desc nulls last", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.b:SORT"] } },
  { name: "literal has no sources", sql: "select 1 as one, 'x' as s from t", sources: ["t"], columns: { one: [], s: [] } },
  { name: "count star", sql: "select count(*) as n from t", sources: ["t"], columns: { n: [] } },
  { name: "star without schema", sql: "select * from t", sources: ["t"], columns: { "*": ["t.*:DIRECT"] } },
  { name: "star expanded from schema", schema: { t: { a: "int", b: "text" } }, sql: "select * from t", sources: ["t"], columns: { a: ["t.a:DIRECT"], b: ["t.b:DIRECT"] } },
  { name: "star except expanded", dialect: "bigquery", schema: { t: { a: "int", b: "text" } }, sql: "select * except (b) from t", sources: ["t"], columns: { a: ["t.a:DIRECT"] } },
  { name: "star from ref expanded", schema: { "ref('orders')": { id: "int" } }, sql: "with o as (select * from {{ ref('orders') }}) select id from o", sources: ["ref('orders')"], columns: { id: ["ref('orders').id:DIRECT"] } },
  { name: "star through cte", sql: "with c as (select * from t) select a from c", sources: ["t"], columns: { a: ["t.a:DIRECT"] } },
  { name: "qualified star through join", sql: "with c as (select * from t) select c.*, u.b from c join u on c.id = u.id", sources: ["t", "u"] },
  { name: "is not null", sql: "select a from t where b is not null", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.b:FILTER"] } },
  { name: "between", sql: "select a from t where b between 1 and c", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.b:FILTER", "t.c:FILTER"] } },
  { name: "struct field", dialect: "bigquery", sql: "select t.rec.field as f from `p.d.t` t", sources: ["p.d.t"], columns: { f: ["p.d.t.rec:DIRECT"] } },
  { name: "in list", sql: "select a from t where s in ('x', 'y')", sources: ["t"], columns: { a: ["t.a:DIRECT", "t.s:FILTER"] } },
  { name: "named args are not columns", dialect: "snowflake", sql: "select f.value as v from t, table(flatten(input => t.arr, outer => true)) f", sources: ["t"] },
  { name: "subquery column", sql: "select s.total from (select sum(v) as total from t) s", sources: ["t"], columns: { total: ["t.v:AGGREGATED"] } },
  { name: "correlated subquery", sql: "select (select count(*) from u where u.tid = t.id) as n from t", sources: ["t", "u"], columns: { n: ["u.tid:FILTER", "t.id:FILTER"] } },
  { name: "distinct on", dialect: "postgres", sql: "select distinct on (k) k, v from t order by k, ts desc", sources: ["t"], columns: { v: ["t.v:DIRECT", "t.k:SORT", "t.ts:SORT"] } },
];

const jinjaCases: CorpusCase[] = [
  { name: "ref", sql: "select id from {{ ref('orders') }}", sources: ["ref('orders')"], refs: ["orders"], columns: { id: ["ref('orders').id:DIRECT"] } },
  { name: "ref double quotes", sql: 'select * from {{ ref("orders") }}', sources: ["ref('orders')"], refs: ["orders"] },
  { name: "ref with package", sql: "select * from {{ ref('pkg', 'orders') }}", sources: ["ref('pkg', 'orders')"], refs: ["orders"] },
  { name: "ref versioned v", sql: "select * from {{ ref('orders', v=2) }}", sources: ["ref('orders', v=2)"], refs: ["orders"] },
  { name: "ref versioned version", sql: "select * from {{ ref('orders', version='3') }}", sources: ["ref('orders', v=3)"], refs: ["orders"] },
  { name: "source", sql: "select * from {{ source('jira', 'issue') }}", sources: ["source('jira', 'issue')"] },
  { name: "source with an extra keyword", sql: "select * from {{ source('jira', 'issue', database='raw') }}", sources: ["source('jira', 'issue')"], unresolved: 0 },
  { name: "source by keywords", sql: "select * from {{ source(source_name='jira', table_name='issue') }}", sources: ["source('jira', 'issue')"], unresolved: 0 },
  { name: "ref with an extra keyword", sql: "select * from {{ ref('orders', v=2, alias='o') }}", sources: ["ref('orders', v=2)"], refs: ["orders"], unresolved: 0 },
  { name: "ref of joined literals", sql: "select * from {{ ref('stg_' ~ 'orders') }}", sources: ["ref('stg_orders')"], refs: ["stg_orders"], unresolved: 0 },
  { name: "whitespace control", sql: "select * from {{- ref('a') -}}", sources: ["ref('a')"], refs: ["a"] },
  { name: "no spaces", sql: "select * from {{ref('a')}}", sources: ["ref('a')"], refs: ["a"] },
  { name: "depends_on comment", sql: "-- depends_on: {{ ref('x') }}\nselect 1", sources: ["ref('x')"], refs: ["x"] },
  { name: "ref in block comment", sql: "/* {{ ref('x') }} */ select a from {{ ref('y') }}", sources: ["ref('x')", "ref('y')"], refs: ["x", "y"] },
  { name: "jinja comment is ignored", sql: "{# {{ ref('old') }} #} select a from {{ ref('new') }}", sources: ["ref('new')"], refs: ["new"] },
  { name: "raw block is literal", sql: "{% raw %}select '{{ ref(\"no\") }}'{% endraw %}", sources: [], refs: [] },
  { name: "set statement", sql: "{% set rel = ref('a') %} select * from {{ rel }}", sources: ["ref('a')"], refs: ["a"] },
  { name: "set block", sql: "{% set q %}select * from {{ ref('b') }}{% endset %} select 1", sources: ["ref('b')"], refs: ["b"] },
  { name: "if block keeps refs of both branches", sql: "{% if var('x') %} select * from {{ ref('a') }} {% else %} select * from {{ ref('b') }} {% endif %}", sources: ["ref('a')", "ref('b')"], refs: ["a", "b"] },
  { name: "for loop", sql: "{% for r in ['a', 'b'] %} select * from {{ ref(r) }} {% if not loop.last %} union all {% endif %} {% endfor %}", sources: [], unresolved: 1 },
  { name: "macro args list", sql: "{{ dbt_utils.union_relations(relations=[ref('a'), ref('b')]) }}", sources: ["ref('a')", "ref('b')"], refs: ["a", "b"] },
  { name: "non literal ref", sql: "select * from {{ ref(var('model_name')) }}", sources: [], unresolved: 1 },
  { name: "concatenated ref", sql: "select * from {{ ref('stg_' ~ name) }}", sources: [], unresolved: 1 },
  { name: "is_incremental", sql: "select a from {{ ref('src') }} {% if is_incremental() %} where ts > (select max(ts) from {{ this }}) {% endif %}", sources: ["ref('src')"], refs: ["src"], columns: { a: ["ref('src').a:DIRECT"] } },
  { name: "config is dropped", sql: "{{ config(materialized='table') }} select a from {{ ref('x') }}", sources: ["ref('x')"], columns: { a: ["ref('x').a:DIRECT"] } },
  { name: "star macro", sql: "select {{ dbt_utils.star(from=ref('x'), except=['b']) }} from {{ ref('x') }}", sources: ["ref('x')"], refs: ["x"] },
  { name: "var in from is not a table", sql: "select * from {{ var('tbl') }}", sources: [] },
  { name: "templated schema is not a table", sql: "select * from {{ target.schema }}.t", sources: [] },
  { name: "ref cte join", sql: "with a as (select * from {{ ref('a') }}), b as (select * from {{ source('s', 'b') }}) select a.id, b.v from a join b on a.id = b.id", sources: ["ref('a')", "source('s', 'b')"], columns: { v: ["source('s', 'b').v:DIRECT", "ref('a').id:JOIN", "source('s', 'b').id:JOIN"] } },
  { name: "builtins ref", sql: "select * from {{ builtins.ref('a') }}", sources: ["ref('a')"], refs: ["a"] },
  { name: "macro output in select list", sql: "select {{ dbt_utils.generate_surrogate_key(['a', 'b']) }} as sk, a from {{ ref('x') }}", sources: ["ref('x')"], columns: { a: ["ref('x').a:DIRECT"] } },
  { name: "macro between ctes", sql: "with a as (select 1 as x from {{ ref('p') }}),\n{{ cols.append('x') }}\nb as (select x from a) select x from b", sources: ["ref('p')"] },
  { name: "call block", sql: "{% call statement('q', fetch_result=True) %}select 1 from {{ ref('lookup') }}{% endcall %} select a from {{ ref('main') }}", sources: ["ref('lookup')", "ref('main')"], columns: { a: ["ref('main').a:DIRECT"] } },
  { name: "unterminated jinja", sql: "select a from {{ ref('x') ", sources: ["ref('x')"], refs: ["x"] },
];

/** Every case in each of the dialects whose quoting it uses, so dialect handling is exercised broadly. */
const DIALECTS: Dialect[] = ["snowflake", "bigquery", "postgres", "redshift", "databricks", "duckdb", "trino", "tsql", "mysql", "hive"];
const portable = [...columnCases, ...jinjaCases].filter((c) => c.dialect === undefined && !/["`[]/.test(c.sql.replace(/\{\{.*?\}\}|\{%.*?%\}/gs, "")));
const dialectVariants: CorpusCase[] = DIALECTS.flatMap((dialect) => portable.map((c) => ({ ...c, name: `${c.name} [${dialect}]`, dialect })));

/** Upper-case keywords and names must give the same tables (case-insensitive SQL). */
const upperCaseVariants: CorpusCase[] = tableCases
  .filter((c) => !/['"`[{]/.test(c.sql) && c.columns === undefined)
  .map((c) => ({ ...c, name: `${c.name} [upper case]`, sql: c.sql.toUpperCase(), sources: c.sources.map((s) => s.toUpperCase()), ...(c.targets ? { targets: c.targets.map((t) => t.toUpperCase()) } : {}), ...(c.intermediates ? { intermediates: c.intermediates.map((t) => t.toUpperCase()) } : {}), ...(c.paths ? { paths: c.paths.map((t) => t.toUpperCase()) } : {}) }));

export const CORPUS: CorpusCase[] = [...FAMILY_CASES, ...COLUMN_DETAIL_CASES, ...tableCases, ...columnCases, ...jinjaCases, ...dialectVariants, ...upperCaseVariants];
