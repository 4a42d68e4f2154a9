import type { CorpusCase } from "./cases.js";

/**
 * Issue 15, family 4: procedural bodies. Written from each warehouse's documentation of stored
 * procedures and scripting; the statements inside a body are analysed like top-level ones.
 */
const cases: CorpusCase[] = [
  // BigQuery: procedures, scripting (DECLARE, IF, LOOP, WHILE, FOR … IN, BEGIN … EXCEPTION), EXECUTE IMMEDIATE.
  {
    name: "procedure with begin end",
    dialect: "bigquery",
    sql: `CREATE OR REPLACE PROCEDURE ds.refresh_recent(run_date DATE)
BEGIN
  DECLARE cutoff DATE DEFAULT DATE_SUB(run_date, INTERVAL 7 DAY);
  DELETE FROM ds.orders_recent WHERE order_date < cutoff;
  INSERT INTO ds.orders_recent (id, amount)
  SELECT id, amount FROM ds.orders WHERE order_date >= cutoff;
END;`,
    sources: ["ds.orders"],
    targets: ["ds.orders_recent"],
    columns: { amount: ["ds.orders.amount:DIRECT", "ds.orders.order_date:FILTER"] },
  },
  {
    name: "script with declare and if then else",
    dialect: "bigquery",
    sql: `DECLARE n INT64 DEFAULT (SELECT COUNT(*) FROM ds.staging);
IF n > 0 THEN
  INSERT INTO ds.target (id) SELECT id FROM ds.staging;
ELSEIF n = 0 THEN
  SELECT 'empty';
ELSE
  INSERT INTO ds.errors (msg) VALUES ('negative');
END IF;`,
    sources: ["ds.staging"],
    targets: ["ds.target", "ds.errors"],
  },
  {
    name: "script with loop and while",
    dialect: "bigquery",
    sql: `DECLARE i INT64 DEFAULT 0;
LOOP
  SET i = i + 1;
  IF i > 3 THEN
    LEAVE;
  END IF;
  INSERT INTO ds.log (step) SELECT i;
END LOOP;
WHILE (SELECT COUNT(*) FROM ds.queue) > 0 DO
  DELETE FROM ds.queue WHERE id IN (SELECT id FROM ds.done);
END WHILE;`,
    sources: ["ds.queue", "ds.done"],
    targets: ["ds.log", "ds.queue"],
  },
  {
    name: "block with exception handler and transaction",
    dialect: "bigquery",
    sql: `BEGIN
  BEGIN TRANSACTION;
  INSERT INTO ds.archive SELECT * FROM ds.events WHERE dt < '2024-01-01';
  DELETE FROM ds.events WHERE dt < '2024-01-01';
  COMMIT TRANSACTION;
EXCEPTION WHEN ERROR THEN
  SELECT @@error.message;
  ROLLBACK TRANSACTION;
END;`,
    sources: ["ds.events"],
    targets: ["ds.archive", "ds.events"],
  },
  {
    name: "for in select do",
    dialect: "bigquery",
    sql: `FOR rec IN (SELECT id, name FROM ds.accounts) DO
  INSERT INTO ds.audit (account_id) VALUES (rec.id);
END FOR;`,
    sources: ["ds.accounts"],
    targets: ["ds.audit"],
  },
  {
    name: "temp table inside a script",
    dialect: "bigquery",
    sql: `BEGIN
  CREATE TEMP TABLE recent AS SELECT id, amount FROM ds.orders WHERE dt > '2024-01-01';
  INSERT INTO ds.summary (total) SELECT SUM(amount) FROM recent;
END;`,
    sources: ["ds.orders"],
    targets: ["ds.summary"],
    intermediates: ["recent"],
  },
  {
    name: "execute immediate with a literal",
    dialect: "bigquery",
    sql: `EXECUTE IMMEDIATE "INSERT INTO ds.copy SELECT * FROM ds.original";`,
    sources: ["ds.original"],
    targets: ["ds.copy"],
  },
  {
    name: "execute immediate with a built string",
    dialect: "bigquery",
    sql: `DECLARE tbl STRING DEFAULT 'ds.orders';
EXECUTE IMMEDIATE FORMAT("INSERT INTO ds.copy SELECT * FROM %s", tbl);`,
    sources: [],
    diagnostic: "SQL_DYNAMIC_SQL",
  },
  {
    name: "javascript function body is not sql",
    dialect: "bigquery",
    sql: `CREATE TEMP FUNCTION add_one(x FLOAT64) RETURNS FLOAT64 LANGUAGE js AS r"""return x + 1;""";
SELECT add_one(amount) AS a FROM ds.orders;`,
    sources: ["ds.orders"],
    columns: { a: ["ds.orders.amount:TRANSFORMED"] },
  },

  // MySQL: procedures with DELIMITER, IF / WHILE / REPEAT / labelled LOOP, SELECT … INTO a variable.
  {
    name: "procedure between delimiter lines",
    dialect: "mysql",
    sql: `DELIMITER //
CREATE PROCEDURE refresh_totals()
BEGIN
  DECLARE done INT DEFAULT 0;
  DELETE FROM shop.totals;
  INSERT INTO shop.totals (cid, total)
  SELECT cid, SUM(amount) FROM shop.orders GROUP BY cid;
END //
DELIMITER ;`,
    sources: ["shop.orders"],
    targets: ["shop.totals"],
    columns: { total: ["shop.orders.amount:AGGREGATED", "shop.orders.cid:GROUP_BY"] },
  },
  {
    name: "procedure with $$ delimiter",
    dialect: "mysql",
    sql: `DELIMITER $$
CREATE PROCEDURE archive_orders(IN cutoff DATE)
BEGIN
  INSERT INTO shop.orders_archive SELECT * FROM shop.orders WHERE created < cutoff;
  DELETE FROM shop.orders WHERE created < cutoff;
END$$
DELIMITER ;`,
    sources: ["shop.orders"],
    targets: ["shop.orders_archive", "shop.orders"],
  },
  {
    name: "procedure with control flow",
    dialect: "mysql",
    sql: `CREATE PROCEDURE fill_days(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE cnt INT;
  SELECT COUNT(*) INTO cnt FROM shop.calendar;
  IF cnt = 0 THEN
    WHILE i < n DO
      INSERT INTO shop.calendar (d) VALUES (CURRENT_DATE + INTERVAL i DAY);
      SET i = i + 1;
    END WHILE;
  ELSEIF cnt > 1000 THEN
    DELETE FROM shop.calendar WHERE d < (SELECT MIN(created) FROM shop.orders);
  END IF;
  fill: LOOP
    REPEAT
      SET i = i - 1;
    UNTIL i <= 0 END REPEAT;
    LEAVE fill;
  END LOOP fill;
END`,
    sources: ["shop.calendar", "shop.orders"],
    targets: ["shop.calendar"],
  },
  {
    name: "select into a variable is not a table",
    dialect: "mysql",
    sql: `CREATE PROCEDURE count_orders(OUT n INT)
BEGIN
  SELECT COUNT(*) INTO n FROM shop.orders;
END`,
    sources: ["shop.orders"],
    targets: [],
  },
  {
    name: "stored function returning a query",
    dialect: "mysql",
    sql: `CREATE FUNCTION order_total(oid INT) RETURNS DECIMAL(10,2) READS SQL DATA
BEGIN
  RETURN (SELECT SUM(amount) FROM shop.order_lines WHERE order_id = oid);
END`,
    sources: ["shop.order_lines"],
  },

  // T-SQL: procedures, batches without semicolons, GO, IF/ELSE, WHILE, TRY/CATCH, temporary tables.
  {
    name: "procedure with begin end",
    dialect: "tsql",
    sql: `CREATE PROCEDURE dbo.load_orders @since date
AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO dbo.orders_hist (id, amount)
  SELECT id, amount FROM dbo.orders WHERE created >= @since;
END;`,
    sources: ["dbo.orders"],
    targets: ["dbo.orders_hist"],
    columns: { amount: ["dbo.orders.amount:DIRECT", "dbo.orders.created:FILTER"] },
  },
  {
    name: "procedure batch without semicolons and go",
    dialect: "tsql",
    sql: `CREATE PROCEDURE dbo.refresh_summary
AS
SET NOCOUNT ON
TRUNCATE TABLE dbo.summary
INSERT INTO dbo.summary (cid, total)
SELECT cid, SUM(amount) FROM dbo.orders GROUP BY cid
GO
EXEC dbo.refresh_summary
GO`,
    sources: ["dbo.orders"],
    targets: ["dbo.summary"],
    columns: { total: ["dbo.orders.amount:AGGREGATED", "dbo.orders.cid:GROUP_BY"] },
  },
  {
    name: "batch without semicolons",
    dialect: "tsql",
    sql: `SELECT id, amount INTO #recent FROM dbo.orders WHERE created > '2024-01-01'
INSERT INTO dbo.report (id, amount) SELECT id, amount FROM #recent
DROP TABLE #recent`,
    sources: ["dbo.orders"],
    targets: ["dbo.report"],
    intermediates: ["#recent"],
  },
  {
    name: "if else with begin end blocks",
    dialect: "tsql",
    sql: `DECLARE @n int
SELECT @n = COUNT(*) FROM dbo.staging
IF @n > 0
BEGIN
  INSERT INTO dbo.target SELECT * FROM dbo.staging
  DELETE FROM dbo.staging
END
ELSE
  PRINT 'nothing to load'`,
    sources: ["dbo.staging"],
    targets: ["dbo.target", "dbo.staging"],
  },
  {
    name: "if exists then update else insert",
    dialect: "tsql",
    sql: `IF EXISTS (SELECT 1 FROM dbo.customers WHERE id = @id)
  UPDATE dbo.customers SET name = s.name FROM dbo.customers c JOIN dbo.customer_updates s ON s.id = c.id
ELSE
  INSERT INTO dbo.customers (id, name) SELECT id, name FROM dbo.customer_updates`,
    sources: ["dbo.customers", "dbo.customer_updates"],
    targets: ["dbo.customers"],
  },
  {
    name: "while loop and try catch",
    dialect: "tsql",
    sql: `CREATE OR ALTER PROCEDURE etl.purge
WITH EXECUTE AS OWNER
AS
BEGIN
  BEGIN TRY
    BEGIN TRANSACTION
    WHILE EXISTS (SELECT 1 FROM etl.queue)
    BEGIN
      INSERT INTO etl.processed (id) SELECT TOP 100 id FROM etl.queue
      DELETE TOP (100) FROM etl.queue
    END
    COMMIT TRANSACTION
  END TRY
  BEGIN CATCH
    ROLLBACK TRANSACTION
    INSERT INTO etl.errors (msg) VALUES (ERROR_MESSAGE())
  END CATCH
END
GO`,
    sources: ["etl.queue"],
    targets: ["etl.processed", "etl.queue", "etl.errors"],
  },
  {
    name: "set a variable from a query",
    dialect: "tsql",
    sql: `DECLARE @max date = (SELECT MAX(loaded_at) FROM dbo.loads);
SET @max = (SELECT MAX(created) FROM dbo.orders);
INSERT INTO dbo.loads (loaded_at) VALUES (@max);`,
    sources: ["dbo.loads", "dbo.orders"],
    targets: ["dbo.loads"],
  },
  {
    name: "inline table-valued function",
    dialect: "tsql",
    sql: `CREATE FUNCTION dbo.orders_since (@d date)
RETURNS TABLE
AS
RETURN (SELECT id, amount FROM dbo.orders WHERE created >= @d)`,
    sources: ["dbo.orders"],
  },
  {
    name: "exec of a literal is analysed",
    dialect: "tsql",
    sql: `EXEC sp_executesql N'INSERT INTO dbo.copy SELECT * FROM dbo.original'`,
    sources: ["dbo.original"],
    targets: ["dbo.copy"],
  },
  {
    name: "exec of a built string is dynamic",
    dialect: "tsql",
    sql: `DECLARE @sql nvarchar(max) = N'SELECT * FROM ' + @table
EXEC (@sql)`,
    sources: [],
    diagnostic: "SQL_DYNAMIC_SQL",
  },

  // Oracle PL/SQL: procedures (IS … BEGIN … END; /), anonymous blocks, cursor loops, EXECUTE IMMEDIATE.
  {
    name: "procedure with declarations and exception",
    dialect: "oracle",
    sql: `CREATE OR REPLACE PROCEDURE load_sales IS
  v_cnt NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_cnt FROM sales_stage;
  IF v_cnt > 0 THEN
    INSERT INTO sales (id, amount) SELECT id, amount FROM sales_stage;
  END IF;
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    RAISE;
END load_sales;
/`,
    sources: ["sales_stage"],
    targets: ["sales"],
    columns: { amount: ["sales_stage.amount:DIRECT"] },
  },
  {
    name: "anonymous block with a cursor for loop",
    dialect: "oracle",
    sql: `DECLARE
  CURSOR c_emp IS SELECT id, salary FROM hr.employees WHERE dept = 10;
BEGIN
  FOR r IN c_emp LOOP
    UPDATE hr.payroll SET amount = r.salary WHERE emp_id = r.id;
  END LOOP;
  FOR d IN (SELECT id FROM hr.departments) LOOP
    INSERT INTO hr.audit (dept_id) VALUES (d.id);
  END LOOP;
END;
/`,
    sources: ["hr.employees", "hr.departments"],
    targets: ["hr.payroll", "hr.audit"],
  },
  {
    name: "execute immediate with a literal",
    dialect: "oracle",
    sql: `BEGIN
  EXECUTE IMMEDIATE 'TRUNCATE TABLE stage_orders';
  EXECUTE IMMEDIATE 'INSERT INTO stage_orders SELECT * FROM orders WHERE status = ''NEW''';
END;`,
    sources: ["orders"],
    targets: ["stage_orders"],
  },
  {
    name: "execute immediate with a variable",
    dialect: "oracle",
    sql: `BEGIN
  EXECUTE IMMEDIATE 'DELETE FROM ' || p_table;
END;`,
    sources: [],
    diagnostic: "SQL_DYNAMIC_SQL",
  },

  // Snowflake Scripting: $$-quoted and single-quoted bodies, EXECUTE IMMEDIATE, LET, cursors, JavaScript.
  {
    name: "sql procedure with a $$ body",
    dialect: "snowflake",
    sql: `CREATE OR REPLACE PROCEDURE db.s.refresh()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
BEGIN
  TRUNCATE TABLE db.s.daily;
  INSERT INTO db.s.daily (d, total) SELECT order_date, SUM(amount) FROM db.s.orders GROUP BY order_date;
  RETURN 'done';
END;
$$;`,
    sources: ["db.s.orders"],
    targets: ["db.s.daily"],
    columns: { total: ["db.s.orders.amount:AGGREGATED", "db.s.orders.order_date:GROUP_BY"] },
  },
  {
    name: "sql procedure with a single-quoted body",
    dialect: "snowflake",
    sql: `CREATE PROCEDURE db.s.copy_new()
RETURNS VARCHAR
LANGUAGE SQL
AS
'BEGIN
  INSERT INTO db.s.orders_copy SELECT * FROM db.s.orders WHERE status = ''NEW'';
  RETURN ''ok'';
END';`,
    sources: ["db.s.orders"],
    targets: ["db.s.orders_copy"],
  },
  {
    name: "execute immediate of a $$ block",
    dialect: "snowflake",
    sql: `EXECUTE IMMEDIATE $$
DECLARE
  c INTEGER DEFAULT 0;
  res RESULTSET DEFAULT (SELECT id FROM db.s.customers);
BEGIN
  SELECT COUNT(*) INTO :c FROM db.s.orders;
  LET total INTEGER := (SELECT SUM(amount) FROM db.s.payments);
  IF (c > 0) THEN
    INSERT INTO db.s.counts (n) SELECT :c;
  END IF;
  RETURN c;
END;
$$;`,
    sources: ["db.s.customers", "db.s.orders", "db.s.payments"],
    targets: ["db.s.counts"],
  },
  {
    name: "anonymous block with a cursor and for loop",
    dialect: "snowflake",
    sql: `DECLARE
  c1 CURSOR FOR SELECT id FROM db.s.accounts;
BEGIN
  FOR rec IN c1 DO
    INSERT INTO db.s.audit (account_id) VALUES (rec.id);
  END FOR;
  WHILE (1 = 0) DO
    DELETE FROM db.s.audit;
  END WHILE;
END;`,
    sources: ["db.s.accounts"],
    targets: ["db.s.audit"],
  },
  {
    name: "javascript procedure body is not analysed",
    dialect: "snowflake",
    sql: `CREATE OR REPLACE PROCEDURE db.s.js_proc()
RETURNS STRING
LANGUAGE JAVASCRIPT
AS
$$
  snowflake.execute({ sqlText: "INSERT INTO db.s.a SELECT * FROM db.s.b" });
  return "ok";
$$;`,
    sources: [],
    diagnostic: "SQL_PROCEDURE_NOT_SQL",
  },
  {
    name: "execute immediate of a variable",
    dialect: "snowflake",
    sql: `EXECUTE IMMEDIATE :stmt;`,
    sources: [],
    diagnostic: "SQL_DYNAMIC_SQL",
  },
  {
    name: "task body",
    dialect: "snowflake",
    sql: `CREATE OR REPLACE TASK db.s.load_task WAREHOUSE = wh SCHEDULE = '5 MINUTE'
AS
INSERT INTO db.s.target (id) SELECT id FROM db.s.stream_src`,
    sources: ["db.s.stream_src"],
    targets: ["db.s.target"],
  },

  // PostgreSQL and Redshift: DO blocks, LANGUAGE sql and plpgsql functions and procedures.
  {
    name: "do block",
    dialect: "postgres",
    sql: `DO $$
BEGIN
  INSERT INTO core.orders_copy SELECT * FROM core.orders;
END
$$;`,
    sources: ["core.orders"],
    targets: ["core.orders_copy"],
  },
  {
    name: "do block with a tag, loop and language",
    dialect: "postgres",
    sql: `DO $do$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id FROM core.accounts LOOP
    INSERT INTO core.audit (account_id) VALUES (r.id);
  END LOOP;
END
$do$ LANGUAGE plpgsql;`,
    sources: ["core.accounts"],
    targets: ["core.audit"],
  },
  {
    name: "language sql function",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.paid_orders() RETURNS SETOF core.orders
LANGUAGE sql STABLE
AS $$
  SELECT * FROM core.orders WHERE status = 'paid';
$$;`,
    sources: ["core.orders"],
  },
  {
    name: "plpgsql function with select into a variable",
    dialect: "postgres",
    sql: `CREATE OR REPLACE FUNCTION core.refresh_daily() RETURNS integer AS $body$
DECLARE
  n integer;
BEGIN
  DELETE FROM core.daily;
  INSERT INTO core.daily (d, total)
  SELECT created::date, sum(amount) FROM core.orders GROUP BY 1;
  SELECT count(*) INTO n FROM core.daily;
  RETURN n;
END;
$body$ LANGUAGE plpgsql;`,
    sources: ["core.orders"],
    targets: [],
    intermediates: ["core.daily"],
    columns: { total: ["core.orders.amount:AGGREGATED", "core.orders.created:GROUP_BY"] },
  },
  {
    name: "single-quoted sql function body",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.order_count(int) RETURNS bigint AS 'select count(*) from core.orders where customer_id = $1' LANGUAGE sql;`,
    sources: ["core.orders"],
  },
  {
    name: "sql-standard procedure body",
    dialect: "postgres",
    sql: `CREATE PROCEDURE core.copy_orders()
LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO core.orders_copy SELECT * FROM core.orders;
END;`,
    sources: ["core.orders"],
    targets: ["core.orders_copy"],
  },
  {
    name: "return query and dynamic execute",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.recent(days int) RETURNS TABLE (id int) AS $$
BEGIN
  RETURN QUERY SELECT o.id FROM core.orders o WHERE o.created > now() - make_interval(days => days);
  EXECUTE format('ANALYZE %I', 'orders');
END;
$$ LANGUAGE plpgsql;`,
    sources: ["core.orders"],
    diagnostic: "SQL_DYNAMIC_SQL",
  },
  {
    name: "python function body is not analysed",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.py() RETURNS int AS $$
plpy.execute("insert into core.a select * from core.b")
return 1
$$ LANGUAGE plpython3u;`,
    sources: [],
    diagnostic: "SQL_PROCEDURE_NOT_SQL",
  },
  {
    name: "select into after a function with a string body is a table again",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.one() RETURNS int AS $$ SELECT count(*) INTO n FROM core.orders $$ LANGUAGE sql;
SELECT * INTO core.orders_copy FROM core.orders;`,
    sources: ["core.orders"],
    targets: ["core.orders_copy"],
  },
  {
    name: "plpgsql procedure",
    dialect: "redshift",
    sql: `CREATE OR REPLACE PROCEDURE public.load_sales(cutoff date)
AS $$
DECLARE
  n integer;
BEGIN
  SELECT INTO n count(*) FROM public.sales_stage;
  IF n > 0 THEN
    INSERT INTO public.sales SELECT * FROM public.sales_stage WHERE sold_at >= cutoff;
  END IF;
END;
$$ LANGUAGE plpgsql;`,
    sources: ["public.sales_stage"],
    targets: ["public.sales"],
    columns: { "*": ["public.sales_stage.*:DIRECT", "public.sales_stage.sold_at:FILTER"] },
  },
  {
    name: "procedure with a temp table",
    dialect: "redshift",
    sql: `CREATE PROCEDURE public.rollup() AS $$
BEGIN
  CREATE TEMP TABLE t AS SELECT region, sum(amount) AS total FROM public.sales GROUP BY region;
  DELETE FROM public.region_totals;
  INSERT INTO public.region_totals SELECT region, total FROM t;
END;
$$ LANGUAGE plpgsql;`,
    sources: ["public.sales"],
    targets: ["public.region_totals"],
    intermediates: ["t"],
  },

  // Databricks SQL scripting (compound statements).
  {
    name: "compound statement with declare, if and while",
    dialect: "databricks",
    sql: `BEGIN
  DECLARE n INT DEFAULT (SELECT count(*) FROM main.core.staging);
  IF n > 0 THEN
    INSERT INTO main.core.target SELECT * FROM main.core.staging;
  END IF;
  WHILE n > 0 DO
    SET n = n - 1;
  END WHILE;
END`,
    sources: ["main.core.staging"],
    targets: ["main.core.target"],
    columns: { "*": ["main.core.staging.*:DIRECT"] },
  },
  // More bodies per warehouse: SQL UDFs, calls, string EXECUTEs, exits and cursors.
  {
    name: "sql function reading a table and a call",
    dialect: "bigquery",
    sql: `CREATE TEMP FUNCTION last_order(cid INT64) AS ((SELECT MAX(created) FROM ds.orders WHERE customer_id = cid));
CALL ds.refresh_recent(CURRENT_DATE());
SELECT c.id, last_order(c.id) AS last_at FROM ds.customers c;`,
    sources: ["ds.orders", "ds.customers"],
  },
  {
    name: "drop if exists then select into in one batch",
    dialect: "tsql",
    sql: `IF OBJECT_ID('tempdb..#t') IS NOT NULL DROP TABLE #t
SELECT a INTO #t FROM dbo.s
INSERT INTO dbo.out (a) SELECT a FROM #t`,
    sources: ["dbo.s"],
    targets: ["dbo.out"],
    intermediates: ["#t"],
  },
  {
    name: "select into then a select in one batch",
    dialect: "tsql",
    sql: `SELECT a, b INTO #t FROM dbo.s WHERE b > 0
SELECT a FROM #t ORDER BY a`,
    sources: ["dbo.s"],
    targets: [],
    intermediates: ["#t"],
  },
  {
    name: "trigger body reads the changed rows of its table",
    dialect: "tsql",
    sql: `CREATE TRIGGER dbo.orders_audit ON dbo.orders AFTER INSERT, UPDATE
AS
BEGIN
  SET NOCOUNT ON
  INSERT INTO dbo.orders_audit_log (id, amount) SELECT i.id, i.amount FROM inserted i
  DELETE FROM dbo.order_cache WHERE id IN (SELECT id FROM deleted)
END`,
    sources: ["dbo.orders"],
    targets: ["dbo.orders_audit_log", "dbo.order_cache"],
  },
  {
    name: "trigger body",
    dialect: "mysql",
    sql: `CREATE TRIGGER orders_ai AFTER INSERT ON shop.orders FOR EACH ROW
BEGIN
  INSERT INTO shop.audit (order_id) VALUES (NEW.id);
  UPDATE shop.totals SET n = n + 1 WHERE cid = NEW.cid;
END`,
    sources: [],
    targets: ["shop.audit", "shop.totals"],
  },
  {
    name: "exec of a parenthesized literal",
    dialect: "tsql",
    sql: `EXEC ('INSERT INTO dbo.copy SELECT id FROM dbo.original')
GO`,
    sources: ["dbo.original"],
    targets: ["dbo.copy"],
    columns: { id: ["dbo.original.id:DIRECT"] },
  },
  {
    name: "merge and forall in a block",
    dialect: "oracle",
    sql: `BEGIN
  MERGE INTO dim_customer d USING stg_customer s ON (d.id = s.id)
  WHEN MATCHED THEN UPDATE SET d.name = s.name
  WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name);
  FORALL i IN 1..10
    INSERT INTO load_log (n) VALUES (i);
END;
/`,
    sources: ["stg_customer"],
    targets: ["dim_customer", "load_log"],
  },
  {
    name: "resultset, case statement and exception",
    dialect: "snowflake",
    sql: `EXECUTE IMMEDIATE $$
DECLARE
  res RESULTSET;
BEGIN
  res := (SELECT id, region FROM db.s.orders);
  CASE (SELECT COUNT(*) FROM db.s.regions)
    WHEN 0 THEN
      INSERT INTO db.s.regions (region) SELECT DISTINCT region FROM db.s.orders;
    ELSE
      RETURN 'ok';
  END CASE;
  RETURN TABLE(res);
EXCEPTION
  WHEN OTHER THEN
    RETURN SQLERRM;
END;
$$`,
    sources: ["db.s.orders", "db.s.regions"],
    targets: ["db.s.regions"],
  },
  {
    name: "plpgsql with elsif, exit, perform and a trigger",
    dialect: "postgres",
    sql: `CREATE FUNCTION core.sync() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM core.orders_mirror WHERE id = OLD.id;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO core.orders_mirror (id, amount) SELECT id, amount FROM core.orders WHERE id = NEW.id;
  END IF;
  LOOP
    EXIT WHEN true;
  END LOOP;
  PERFORM pg_notify('sync', 'done');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER orders_sync AFTER INSERT OR DELETE ON core.orders FOR EACH ROW EXECUTE FUNCTION core.sync();`,
    sources: ["core.orders"],
    targets: ["core.orders_mirror"],
  },
  {
    name: "execute of a literal in a procedure",
    dialect: "redshift",
    sql: `CREATE OR REPLACE PROCEDURE public.snapshot() AS $$
BEGIN
  EXECUTE 'INSERT INTO public.sales_snapshot SELECT * FROM public.sales';
  EXECUTE 'DELETE FROM ' || quote_ident('public.sales_old');
END;
$$ LANGUAGE plpgsql;`,
    sources: ["public.sales"],
    targets: ["public.sales_snapshot"],
    diagnostic: "SQL_DYNAMIC_SQL",
  },
  {
    name: "compound statement with a for loop",
    dialect: "spark",
    sql: `BEGIN
  DECLARE total INT DEFAULT 0;
  FOR r AS SELECT amount FROM db.orders DO
    SET total = total + r.amount;
  END FOR;
  INSERT INTO db.totals SELECT total;
END`,
    sources: ["db.orders"],
    targets: ["db.totals"],
    columns: { total: [] },
  },
  {
    name: "procedure with a repeat loop and a cursor",
    dialect: "mysql",
    sql: `CREATE PROCEDURE copy_ids()
BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v INT;
  DECLARE cur CURSOR FOR SELECT id FROM shop.src;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO v;
    IF done THEN
      LEAVE read_loop;
    END IF;
    INSERT INTO shop.dst (id) VALUES (v);
  END LOOP;
  CLOSE cur;
END`,
    sources: ["shop.src"],
    targets: ["shop.dst"],
  },
];

export const PROCEDURAL_CASES: CorpusCase[] = cases.map((c) => ({ ...c, family: "procedural bodies" }));
