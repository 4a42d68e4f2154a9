import { Arg, Args, Authorized, Ctx, Field, ID, ObjectType, Query, Mutation, Resolver } from "type-graphql";
import { getChangePolicy, setChangePolicy } from "../../services/changes/policySettings.js";
import type { GraphQLContext } from "../context.js";
import { toGlobalId } from "../globalId.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { JSONScalar } from "../types/scalars.js";

@ObjectType({ description: "Something that changed data, and who did it." })
class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: "The token's name (token:<name>) or cli" })
  actor!: string;

  @Field(() => String, { description: "e.g. manifest.post, change_request.approve, token.create, policy.set" })
  action!: string;

  @Field(() => String)
  targetType!: string;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => JSONScalar)
  details!: unknown;
}

const AuditEventConnection = Connection(AuditEvent, "AuditEvent");

@Resolver()
export class AdminResolver {
  @Authorized("ADMIN")
  @Query(() => AuditEventConnection, { description: "The audit log, newest first (ADMIN)." })
  async auditEvents(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const [rows, total] = await Promise.all([
      ctx.db.auditEvent.findMany({ orderBy: [{ at: "desc" }, { id: "asc" }], skip: page.skip, take: page.take }),
      ctx.db.auditEvent.count(),
    ]);
    const events = rows.map((r) =>
      Object.assign(new AuditEvent(), { id: toGlobalId("AuditEvent", r.id), at: r.at, actor: r.actorLabel, action: r.action, targetType: r.targetType, targetId: r.targetId, details: r.details }),
    );
    return toConnection(events, page, total);
  }

  @Authorized("READER")
  @Query(() => JSONScalar, { description: "The tenant's change policy (approvals, which findings block); see the README." })
  changePolicy(@Ctx() ctx: GraphQLContext): Promise<unknown> {
    return getChangePolicy(ctx);
  }

  @Authorized("ADMIN")
  @Mutation(() => JSONScalar, { description: "Replace the tenant's change policy (ADMIN); unknown keys are refused." })
  setChangePolicy(@Arg("policy", () => JSONScalar) policy: unknown, @Ctx() ctx: GraphQLContext): Promise<unknown> {
    return setChangePolicy(ctx, policy);
  }
}
