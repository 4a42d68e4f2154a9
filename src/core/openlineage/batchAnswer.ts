/**
 * The answer to a batch. OpenLineage's spec (`postEventBatch`, spec PR #4109) defines only 200
 * and no body; the rest is Tributary's: every event is taken or refused on its own, and the
 * answer says which, by index in the array. 200 when every event was taken (new or duplicate,
 * or the array is empty), 207 when some were refused, 422 when every one was.
 */
export interface BatchEventOutcome {
  index: number;
  status: "CREATED" | "DUPLICATE" | "REFUSED";
  code?: string;
  pointer?: string;
  message?: string;
}

export interface BatchAnswer {
  httpStatus: 200 | 207 | 422;
  body: {
    status: "SUCCESS" | "PARTIAL" | "FAILURE";
    summary: { received: number; successful: number; failed: number; duplicates: number };
    results: { index: number; status: "CREATED" | "DUPLICATE" | "REFUSED" }[];
    failedEvents: { index: number; code: string; pointer: string; message: string }[];
  };
}

export function batchAnswer(outcomes: readonly BatchEventOutcome[]): BatchAnswer {
  const failedEvents = outcomes
    .filter((o) => o.status === "REFUSED")
    .map((o) => ({ index: o.index, code: o.code ?? "INVALID_EVENT", pointer: o.pointer ?? "", message: o.message ?? "" }));
  const duplicates = outcomes.filter((o) => o.status === "DUPLICATE").length;
  const successful = outcomes.length - failedEvents.length;
  const status = failedEvents.length === 0 ? "SUCCESS" : successful === 0 ? "FAILURE" : "PARTIAL";
  return {
    httpStatus: status === "SUCCESS" ? 200 : status === "PARTIAL" ? 207 : 422,
    body: {
      status,
      summary: { received: outcomes.length, successful, failed: failedEvents.length, duplicates },
      results: outcomes.map((o) => ({ index: o.index, status: o.status })),
      failedEvents,
    },
  };
}
