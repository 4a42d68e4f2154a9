/** Thrown inside the parser when the time budget is spent; caught at the engine's entry point, never escapes it. */
export class BudgetExceeded extends Error {
  constructor() {
    super("SQL analysis time budget exceeded");
  }
}

/**
 * Bounds the work on one input: a wall-clock deadline checked every few thousand steps (reading
 * the clock is cheap but not free), and a nesting depth beyond which groups are skipped unparsed.
 */
export class Budget {
  private steps = 0;
  private readonly deadline: number;
  readonly maxDepth: number;

  constructor(timeBudgetMs: number, maxDepth = 64) {
    this.deadline = Date.now() + timeBudgetMs;
    this.maxDepth = maxDepth;
  }

  tick(): void {
    if ((++this.steps & 4095) === 0 && Date.now() > this.deadline) throw new BudgetExceeded();
  }

  get expired(): boolean {
    return Date.now() > this.deadline;
  }
}
