import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { currentVerdict } from "../../services/changes/changeRequests.js";
import { decideChangeRequest, viewerMayDecide } from "../../services/changes/decisions.js";
import { changeRequestFilter, getChangeRequest, listChangeRequests } from "../../services/changes/queries.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Approval, Change, ChangeRequest, VerdictType } from "../types/ChangeRequest.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { ChangeRequestStatus } from "../types/enums.js";
import { Project } from "../types/Project.js";

const ChangeRequestConnection = Connection(ChangeRequest, "ChangeRequest");

@ArgsType()
class ChangeRequestsArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  project?: string;

  @Field(() => ChangeRequestStatus, { nullable: true })
  status?: ChangeRequestStatus;
}

@InputType()
class DecideChangeRequestInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  comment?: string;
}

@ObjectType()
class DecideChangeRequestPayload {
  @Field(() => ChangeRequest)
  changeRequest!: ChangeRequest;

  @Field(() => VerdictType)
  verdict!: VerdictType;
}

const rowId = (id: string): string => {
  const row = rowIdOf(id, "ChangeRequest");
  if (!row) throw notFound("Change request", id);
  return row;
};

@Resolver(() => ChangeRequest)
export class ChangeRequestResolver {
  @Authorized("READER")
  @Query(() => ChangeRequestConnection, { description: "Change requests, most recently updated first." })
  async changeRequests(@Args(() => ChangeRequestsArgs) args: ChangeRequestsArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await listChangeRequests(ctx, changeRequestFilter.parse({ project: args.project, status: args.status }), page);
    return toConnection(rows.map(ChangeRequest.from), page, total);
  }

  @Authorized("READER")
  @Query(() => ChangeRequest)
  async changeRequest(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ChangeRequest> {
    return ChangeRequest.from(await getChangeRequest(ctx, rowId(id)));
  }

  @Authorized("OWNER")
  @Mutation(() => DecideChangeRequestPayload, { description: "Approve as a required approver (OWNER token acting for that person)." })
  async approveChangeRequest(@Arg("input", () => DecideChangeRequestInput) input: DecideChangeRequestInput, @Ctx() ctx: GraphQLContext) {
    return payload(await decideChangeRequest(ctx, ctx.links, { id: rowId(input.id), decision: "APPROVED", comment: input.comment }));
  }

  @Authorized("OWNER")
  @Mutation(() => DecideChangeRequestPayload, { description: "Reject as a required approver; the comment says why (required)." })
  async rejectChangeRequest(@Arg("input", () => DecideChangeRequestInput) input: DecideChangeRequestInput, @Ctx() ctx: GraphQLContext) {
    return payload(await decideChangeRequest(ctx, ctx.links, { id: rowId(input.id), decision: "REJECTED", comment: input.comment }));
  }

  @FieldResolver(() => Project)
  async project(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<Project> {
    return Project.from(await ctx.db.project.findFirstOrThrow({ where: { id: request.projectId } }));
  }

  @FieldResolver(() => [Change])
  async changes(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<Change[]> {
    const rows = await ctx.db.change.findMany({ where: { changeRequestId: request.rowId }, orderBy: [{ category: "asc" }, { assetUniqueId: "asc" }, { columnName: "asc" }] });
    return rows.map(Change.from);
  }

  @FieldResolver(() => [Approval])
  async approvals(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<Approval[]> {
    const rows = await ctx.db.approval.findMany({ where: { changeRequestId: request.rowId }, orderBy: { createdAt: "asc" }, include: { owner: true } });
    return rows.map(Approval.from);
  }

  @FieldResolver(() => VerdictType, { description: "The verdict a proposal of this change request stands at now." })
  async verdict(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<VerdictType> {
    const row = await getChangeRequest(ctx, request.rowId);
    const { verdict } = await ctx.db.$transaction((tx) => currentVerdict(tx, row));
    return Object.assign(new VerdictType(), { verdict: verdict.verdict, reason: verdict.reason, missingApprovals: verdict.missingApprovals });
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may approve or reject it now: an OWNER token acting for a required approver who is not its author, while it is open to decisions." })
  async viewerCanDecide(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return viewerMayDecide(ctx, request);
  }

  @FieldResolver(() => String, { description: "Link to this change request's page in the web app (under TRIBUTARY_PUBLIC_URL, else the server's own address)." })
  url(@Root() request: ChangeRequest, @Ctx() ctx: GraphQLContext): string {
    return ctx.links.changeRequestUrl(request.rowId);
  }
}

function payload(result: Awaited<ReturnType<typeof decideChangeRequest>>): DecideChangeRequestPayload {
  return {
    changeRequest: ChangeRequest.from(result.changeRequest),
    verdict: Object.assign(new VerdictType(), { verdict: result.verdict.verdict, reason: result.verdict.reason, missingApprovals: result.verdict.missingApprovals }),
  };
}
