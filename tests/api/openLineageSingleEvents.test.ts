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
});
