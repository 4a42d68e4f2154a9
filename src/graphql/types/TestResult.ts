import { Field, Float, Int, ObjectType } from "type-graphql";
import type { LatestResult } from "../../services/catalog/dataTests.js";
import { RunStatus } from "./enums.js";

@ObjectType({ description: "A test's outcome in a posted dbt run_results.json." })
export class TestResult {
  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => Date, { description: "When the test finished." })
  at!: Date;

  @Field(() => Float, { nullable: true, description: "Seconds." })
  executionTime!: number | null;

  @Field(() => Int, { nullable: true, description: "Failing rows." })
  failures!: number | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  static from(result: LatestResult): TestResult {
    return Object.assign(new TestResult(), {
      status: result.status,
      at: result.at,
      executionTime: result.executionTime,
      failures: result.failures,
      message: result.message,
    });
  }
}
