import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from "type-graphql";
import { findTooDeepDocument } from "../../core/manifest/index.js";
import { ingestManifest, manifestError } from "../../services/ingest/ingestManifest.js";
import type { GraphQLContext } from "../context.js";
import { ChangeRequest, PolicyFindingType } from "../types/ChangeRequest.js";
import { Diagnostic } from "../types/Diagnostic.js";
import { ManifestMode, ManifestStatus } from "../types/enums.js";
import { ManifestVersion } from "../types/ManifestVersion.js";
import { JSONScalar } from "../types/scalars.js";

@InputType({ description: "A manifest post: the same as POST /api/v1/manifests, for small manifests." })
class SubmitManifestInput {
  @Field(() => String)
  project!: string;

  @Field(() => ManifestMode, { defaultValue: "APPLY" })
  mode!: ManifestMode;

  @Field(() => String, { nullable: true })
  gitSha?: string;

  @Field(() => String, { nullable: true })
  branch?: string;

  @Field(() => String, { nullable: true, description: "E-mail of the person who opened the change (never an approver of it); default: the person the token acts for" })
  author?: string;

  @Field(() => JSONScalar, { description: "dbt manifest.json or a Tributary manifest" })
  manifest!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "dbt run_results.json" })
  runResults?: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "dbt catalog.json" })
  catalog?: unknown;
}

@ObjectType()
class SubmitManifestPayload {
  @Field(() => ManifestVersion)
  version!: ManifestVersion;

  @Field(() => ManifestStatus)
  status!: ManifestStatus;

  @Field(() => String, { description: "APPLIED, NO_APPROVAL_NEEDED, APPROVAL_REQUIRED, APPROVED, REJECTED or BLOCKED" })
  verdict!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => ChangeRequest, { nullable: true })
  changeRequest!: ChangeRequest | null;

  @Field(() => JSONScalar, { description: "Counts per category and the first lines of the changes" })
  changes!: unknown;

  @Field(() => [PolicyFindingType])
  findings!: PolicyFindingType[];

  @Field(() => JSONScalar, { description: "Per layer: documented and tested models and columns (%), before and after this post." })
  coverage!: unknown;

  @Field(() => JSONScalar)
  counts!: unknown;

  @Field(() => [Diagnostic])
  diagnostics!: Diagnostic[];
}

@Resolver()
export class SubmitManifestResolver {
  @Authorized("CI")
  @Mutation(() => SubmitManifestPayload, { description: "Post a manifest (CI role). Large manifests: use POST /api/v1/manifests or tributary push." })
  async submitManifest(@Arg("input", () => SubmitManifestInput) input: SubmitManifestInput, @Ctx() ctx: GraphQLContext): Promise<SubmitManifestPayload> {
    // Variables were depth-checked with the request body; a literal in the query was not.
    const tooDeep = findTooDeepDocument(input);
    if (tooDeep) throw manifestError(tooDeep);
    const result = await ingestManifest(ctx, { ...input, mode: input.mode }, { links: ctx.links, fieldLimits: ctx.fieldLimits });
    const version = await ctx.db.manifestVersion.findFirstOrThrow({ where: { id: result.version.id } });
    const changeRequest = result.changeRequest ? await ctx.db.changeRequest.findFirst({ where: { id: result.changeRequest.id } }) : null;
    return {
      version: ManifestVersion.from(version),
      status: result.status,
      verdict: result.verdict,
      reason: result.reason,
      changeRequest: changeRequest && ChangeRequest.from(changeRequest),
      changes: result.changes,
      findings: result.findings.map((f) => Object.assign(new PolicyFindingType(), f)),
      coverage: result.coverage,
      counts: result.counts,
      diagnostics: Diagnostic.listFrom(result.diagnostics),
    };
  }
}
