import { Field, ObjectType } from "type-graphql";
import type { DataTest as DataTestRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";

@ObjectType({ implements: Node, description: "A data test (generic such as unique or not_null, or singular) attached to an asset." })
export class DataTest extends Node {
  @Field(() => String)
  uniqueId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "unique, not_null, accepted_values, relationships, a package test's name, or singular." })
  testType!: string;

  @Field(() => String, { nullable: true, description: "The package of a package test, e.g. dbt_utils." })
  namespace!: string | null;

  @Field(() => String, { nullable: true, description: "The column it tests, for column tests." })
  columnName!: string | null;

  @Field(() => String, { nullable: true, description: "error or warn" })
  severity!: string | null;

  /** Row id, for the `lastResult` field resolver (not part of the API). */
  rowId!: string;

  static from(row: DataTestRow): DataTest {
    return Object.assign(new DataTest(), {
      id: toGlobalId("DataTest", row.id),
      uniqueId: row.uniqueId,
      name: row.name,
      testType: row.testType,
      namespace: row.namespace,
      columnName: row.columnName,
      severity: row.severity,
      rowId: row.id,
    });
  }
}
