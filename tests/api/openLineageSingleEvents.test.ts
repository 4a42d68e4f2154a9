/**
 * Single-event posts that arrive together are stored together (services/openlineage/singleEvents.ts),
 * and each is still answered on its own: an invalid one is refused alone and changes nothing, a
 * repeated one is a duplicate, and the tenant ends as if the events had come one by one.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { ingestOpenLineageEvent } from "../../src/services/openlineage/singleEvents.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { statementLoggingDatabase } from "../support/db.js";
import { allValidEvents, invalidFixtures, openLineageState, shuffled } from "../support/openLineage.js";

describe("OpenLineage single events posted at once", () => {
  const logged = statementLoggingDatabase();
  const { statements } = logged;
  const options = { retentionDays: 30, now: () => new Date("2026-11-04T00:00:00Z") };

  const contextOf = async (slug: string) => {
    await createTenant(logged.prisma, { slug });
    return operatorContext(logged.prisma, slug);
  };
  const eventInserts = () => statements.filter((sql) => sql.includes(`INSERT INTO "OpenLineageEvent"`)).length;

  it("stores them in one transaction, each answered as if posted alone, the invalid one refused alone", async () => {
    const events = allValidEvents().slice(0, 12);
    const invalid = invalidFixtures()[0]!;
    const together = await contextOf("together");
    statements.length = 0;
    const answers = await Promise.allSettled([...events.slice(0, 6), invalid.event, ...events.slice(6), events[0]].map((event) => ingestOpenLineageEvent(together, event, options)));

    expect(eventInserts()).toBe(1);
    const refused = answers[6]!;
    expect(refused.status).toBe("rejected");
    expect(((refused as PromiseRejectedResult).reason as AppError).details).toMatchObject({ pointer: invalid.expect.pointer });
    const stored = answers.filter((_, i) => i !== 6).map((a) => (a as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(stored).toEqual([...events.map(() => "CREATED"), "DUPLICATE"]);

    const oneByOne = await contextOf("one-by-one");
    for (const event of events) await ingestOpenLineageEvent(oneByOne, event, options);
    expect(await openLineageState(logged.prisma, together.tenant.id)).toEqual(await openLineageState(logged.prisma, oneByOne.tenant.id));
  });

  it("takes the events that come while a transaction runs in the next one, in any order, ending as one ordered pass", async () => {
    const events = allValidEvents();
    const racing = await contextOf("racing");
    statements.length = 0;
    const waves = [];
    for (const [i, event] of shuffled(events, 7).entries()) {
      waves.push(ingestOpenLineageEvent(racing, event, options));
      // Some posts come in later, while the first transaction runs.
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const answers = await Promise.all(waves);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(["CREATED"]));
    expect(eventInserts()).toBeLessThan(events.length);

    const ordered = await contextOf("ordered");
    for (const event of events) await ingestOpenLineageEvent(ordered, event, options);
    expect(await openLineageState(logged.prisma, racing.tenant.id)).toEqual(await openLineageState(logged.prisma, ordered.tenant.id));
  });

  // Real database failures, not hooks in the code: a constraint the test adds refuses one event's
  // row inside the group's transaction; a trigger refuses the retention purge that runs after it.
  const withStatements = async (setUp: string[], tearDown: string[], work: () => Promise<void>) => {
    for (const sql of setUp) await logged.prisma.$executeRawUnsafe(sql);
    try {
      await work();
    } finally {
      for (const sql of tearDown) await logged.prisma.$executeRawUnsafe(sql);
    }
  };

  it("stores each event of a group alone when the group's transaction fails: only the event the database refuses fails", async () => {
    const events = allValidEvents().slice(0, 6);
    const poison = { ...(events[0] as { job: object }), job: { namespace: "airflow-prod", name: "refused-by-the-database" }, run: { runId: "01931f6a-0000-7000-8000-00000000dead" } };
    const grouped = await contextOf("fallback");
    statements.length = 0;
    let answers: PromiseSettledResult<{ status: string }>[] = [];
    await withStatements(
      [`ALTER TABLE "OpenLineageEvent" ADD CONSTRAINT "test_refused_job" CHECK ("jobName" IS DISTINCT FROM 'refused-by-the-database') NOT VALID`],
      [`ALTER TABLE "OpenLineageEvent" DROP CONSTRAINT "test_refused_job"`],
      async () => {
        answers = await Promise.allSettled([...events.slice(0, 3), poison, ...events.slice(3)].map((event) => ingestOpenLineageEvent(grouped, event, options)));
      },
    );
    // Each stored in a transaction of its own (the log holds the statements that succeeded: not
    // the group's insert, nor the refused event's), where posts that come together share one.
    expect(eventInserts()).toBe(events.length);
    expect(answers.map((a) => a.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(String((answers[3] as PromiseRejectedResult).reason)).toContain("test_refused_job");
    expect(answers.filter((a) => a.status === "fulfilled").map((a) => (a as PromiseFulfilledResult<{ status: string }>).value.status)).toEqual(events.map(() => "CREATED"));

    // The refused event left nothing; the others are as if posted one by one.
    const oneByOne = await contextOf("fallback-one-by-one");
    for (const event of events) await ingestOpenLineageEvent(oneByOne, event, options);
    expect(await openLineageState(logged.prisma, grouped.tenant.id)).toEqual(await openLineageState(logged.prisma, oneByOne.tenant.id));
  });

  it("answers a failure after the group's commit to every post of the group, whose events stay stored", async () => {
    const events = allValidEvents().slice(0, 5);
    const grouped = await contextOf("after-commit");
    statements.length = 0;
    let answers: PromiseSettledResult<unknown>[] = [];
    await withStatements(
      [
        `CREATE FUNCTION "test_refuse_purge"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test_refuse_purge'; END $$`,
        `CREATE TRIGGER "test_refuse_purge" BEFORE DELETE ON "OpenLineageEvent" FOR EACH STATEMENT EXECUTE FUNCTION "test_refuse_purge"()`,
      ],
      [`DROP TRIGGER "test_refuse_purge" ON "OpenLineageEvent"`, `DROP FUNCTION "test_refuse_purge"()`],
      async () => {
        // The tenant's first intake in this process runs the retention purge after its commit.
        answers = await Promise.allSettled(events.map((event) => ingestOpenLineageEvent(grouped, event, options)));
      },
    );
    expect(eventInserts()).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(events.map(() => "rejected"));
    for (const answer of answers) expect(String((answer as PromiseRejectedResult).reason)).toContain("test_refuse_purge");
    // Committed before the failure: the same events again are duplicates.
    expect(await logged.prisma.openLineageEvent.count({ where: { tenantId: grouped.tenant.id } })).toBe(events.length);
    const again = await Promise.all(events.map((event) => ingestOpenLineageEvent(grouped, event, options)));
    expect(again.map((a) => a.status)).toEqual(events.map(() => "DUPLICATE"));
  });
});
