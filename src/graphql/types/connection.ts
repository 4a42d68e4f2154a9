/**
 * Relay connections: every list in the API is paged with `first`/`after` and a maximum page size.
 */
import { ArgsType, type ClassType, Field, Int, ObjectType } from "type-graphql";
import { badInput } from "../../core/errors.js";

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for an object type. */
export function Connection<T extends object>(item: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => item)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [item], { description: "The nodes of `edges`, for clients that need no cursors." })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, at most ${MAX_PAGE_SIZE}.` })
  first?: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string;
}

/** Offset pages behind opaque cursors. */
export interface Page {
  skip: number;
  take: number;
}

export function pageOf(args: { first?: number | null; after?: string | null }): Page {
  const take = args.first ?? DEFAULT_PAGE_SIZE;
  if (take < 0 || take > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, { argument: "first", max: MAX_PAGE_SIZE });
  }
  return { skip: args.after ? decodeOffset(args.after) + 1 : 0, take };
}

export function toConnection<T>(items: T[], page: Page, totalCount: number): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeOffset(page.skip + i), node }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: { hasNextPage: page.skip + items.length < totalCount, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

function encodeOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeOffset(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput("after is not a cursor this list gave out", { argument: "after" });
  return Number(match[1]);
}
