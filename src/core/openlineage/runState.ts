/**
 * What a stored OpenLineage run says, for run history, freshness and health: its state
 * (COMPLETE, FAIL, ABORT from its terminal event; RUNNING until one arrives), and its duration
 * from event times.
 */
export type OpenLineageRunState = "RUNNING" | "COMPLETE" | "FAIL" | "ABORT";

export function runState(run: { endState: string | null }): OpenLineageRunState {
  return run.endState === "COMPLETE" || run.endState === "FAIL" || run.endState === "ABORT" ? run.endState : "RUNNING";
}

export function runDurationMs(run: { startedAt: Date | null; endedAt: Date | null }): number | null {
  return run.startedAt && run.endedAt ? Math.max(0, run.endedAt.getTime() - run.startedAt.getTime()) : null;
}
