import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { DataTest } from "../types/DataTest.js";
import { TestResult } from "../types/TestResult.js";

@Resolver(() => DataTest)
export class DataTestResolver {
  @FieldResolver(() => TestResult, { nullable: true, description: "The newest result of this test in any posted run_results.json; null when it never ran." })
  async lastResult(@Root() test: DataTest, @Ctx() ctx: GraphQLContext): Promise<TestResult | null> {
    const result = await ctx.loaders.lastTestResult.load(test.rowId);
    return result && TestResult.from(result);
  }
}
