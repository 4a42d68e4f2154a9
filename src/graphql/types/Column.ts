import { Field, Int, ObjectType } from "type-graphql";
import type { Column as ColumnRow } from "../../generated/prisma/client.js";
import { JSONScalar } from "./scalars.js";

@ObjectType({ description: "A column of an asset, as documented in the manifest and typed by the warehouse catalog." })
export class Column {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "The warehouse type (from catalog.json when posted), else the declared one." })
  dataType!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { nullable: true, description: "1-based position in the relation, when known." })
  position!: number | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => JSONScalar)
  meta!: unknown;

  @Field(() => JSONScalar, { description: "Declared constraints (dbt model contracts), as posted." })
  constraints!: unknown;

  @Field(() => Boolean, { description: "Read from the model's SQL, because neither the manifest nor catalog.json lists the model's columns." })
  inferred!: boolean;

  static from(row: ColumnRow): Column {
    return Object.assign(new Column(), {
      name: row.name,
      dataType: row.dataType,
      description: row.description,
      position: row.position,
      tags: row.tags,
      meta: row.meta,
      constraints: row.constraints,
      inferred: row.inferred,
    });
  }
}
