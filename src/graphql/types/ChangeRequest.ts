import { Field, Int, ObjectType } from "type-graphql";
import type { ApproverGroup, PolicyFinding } from "../../core/change/index.js";
import type { Approval as ApprovalRow, Change as ChangeRow, ChangeRequest as ChangeRequestRow, Owner as OwnerRow } from "../../generated/prisma/client.js";
import type { AlteredMetric as AlteredMetricRow, Impact } from "../../services/changes/downstream.js";
import { toGlobalId } from "../globalId.js";
import { ApprovalDecision, ChangeAction, ChangeCategory, ChangeRequestStatus } from "./enums.js";
import { Node } from "./Node.js";
import { Owner } from "./Owner.js";
import { JSONScalar } from "./scalars.js";

@ObjectType({ description: "One classified change to an asset or column." })
export class Change {
  @Field(() => String)
  assetUniqueId!: string;

  @Field(() => String, { nullable: true })
  columnName!: string | null;

  @Field(() => ChangeAction)
  action!: ChangeAction;

  @Field(() => ChangeCategory)
  category!: ChangeCategory;

  @Field(() => String, { description: "Stable code, e.g. COLUMN_REMOVED; see the README's table." })
  reasonCode!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { description: "Stable hash of what changed: approving it lets the same change apply after merge." })
  fingerprint!: string;

  @Field(() => JSONScalar, { description: "before / after values" })
  details!: unknown;

  static from(row: ChangeRow): Change {
    return Object.assign(new Change(), {
      assetUniqueId: row.assetUniqueId,
      columnName: row.columnName,
      action: row.action,
      category: row.category,
      reasonCode: row.reasonCode,
      message: row.message,
      fingerprint: row.fingerprint,
      details: row.details,
    });
  }
}

@ObjectType({ description: "Who must approve for one changed asset (or downstream exposure)." })
export class ApproverGroupType {
  @Field(() => String)
  assetUniqueId!: string;

  @Field(() => String, { description: "CHANGED_ASSET_OWNER, FALLBACK_APPROVER or DOWNSTREAM_EXPOSURE_OWNER" })
  reason!: string;

  @Field(() => [String], { description: "Owner keys allowed to approve (email:…, handle:…, name:…)" })
  candidates!: string[];

  @Field(() => Int)
  needed!: number;

  @Field(() => Boolean, { description: "False when nobody is eligible: assign an owner first." })
  satisfiable!: boolean;
}

@ObjectType()
export class PolicyFindingType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  severity!: string;

  @Field(() => Boolean)
  blocking!: boolean;

  @Field(() => String)
  assetUniqueId!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class Approval {
  @Field(() => Owner)
  owner!: Owner;

  @Field(() => ApprovalDecision)
  decision!: ApprovalDecision;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  static from(row: ApprovalRow & { owner: OwnerRow }): Approval {
    return Object.assign(new Approval(), { owner: Owner.from(row.owner), decision: row.decision, comment: row.comment, createdAt: row.createdAt });
  }
}

@ObjectType({ description: "The verdict CI gets, and why." })
export class VerdictType {
  @Field(() => String, { description: "APPLIED, NO_APPROVAL_NEEDED, APPROVAL_REQUIRED, APPROVED, REJECTED or BLOCKED" })
  verdict!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => JSONScalar, { description: "Approver groups still missing approvals, with whom they wait for." })
  missingApprovals!: unknown;
}

@ObjectType({ description: "A metric whose numbers a change request alters." })
export class AlteredMetric {
  @Field(() => String)
  uniqueId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  project!: string;

  @Field(() => Int, { description: "0 when the change redefines the metric itself; else lineage hops from the changed asset." })
  degree!: number;

  @Field(() => [String], { description: "Its owners (e-mail, else handle, else name)." })
  owners!: string[];

  @Field(() => String, { description: "\"This change alters metric revenue (owned by bruno@shop.example).\"" })
  message!: string;

  static from(metric: AlteredMetricRow): AlteredMetric {
    const verb = metric.degree === 0 ? "redefines" : "alters";
    const owned = metric.owners.length > 0 ? ` (owned by ${metric.owners.join(", ")})` : "";
    return Object.assign(new AlteredMetric(), { ...metric, message: `This change ${verb} metric ${metric.name}${owned}.` });
  }
}

@ObjectType({ implements: Node, description: "Changes to marts (or assets feeding exposures) awaiting, or past, their owners' decision." })
export class ChangeRequest extends Node {
  @Field(() => String)
  title!: string;

  @Field(() => String)
  branch!: string;

  @Field(() => String, { nullable: true })
  gitSha!: string | null;

  @Field(() => ChangeRequestStatus)
  status!: ChangeRequestStatus;

  @Field(() => String, { description: "Who posted it (token name)." })
  author!: string;

  @Field(() => JSONScalar, { description: "Downstream assets, exposures, their owners and subscribers." })
  impact!: unknown;

  @Field(() => [AlteredMetric], { description: "Metrics whose numbers this change alters: those it redefines and those downstream of what it changes." })
  alteredMetrics!: AlteredMetric[];

  @Field(() => [ApproverGroupType])
  requiredApprovers!: ApproverGroupType[];

  @Field(() => [PolicyFindingType])
  policyFindings!: PolicyFindingType[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  rowId!: string;
  projectId!: string;
  /** Who opened it, for whether the viewer may decide it (an author never does). */
  authorOwnerId!: string | null;

  static from(row: ChangeRequestRow): ChangeRequest {
    return Object.assign(new ChangeRequest(), {
      id: toGlobalId("ChangeRequest", row.id),
      rowId: row.id,
      projectId: row.projectId,
      authorOwnerId: row.authorOwnerId,
      title: row.title,
      branch: row.branch,
      gitSha: row.gitSha,
      status: row.status,
      author: row.authorLabel,
      impact: row.impact,
      alteredMetrics: ((row.impact as Partial<Impact> | null)?.metrics ?? []).map(AlteredMetric.from),
      requiredApprovers: (row.requiredApprovers as unknown as ApproverGroup[]).map((g) => Object.assign(new ApproverGroupType(), g)),
      policyFindings: (row.policyFindings as unknown as PolicyFinding[]).map((f) => Object.assign(new PolicyFindingType(), f)),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      decidedAt: row.decidedAt,
    });
  }
}
