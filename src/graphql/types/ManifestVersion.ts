import { Field, ObjectType } from "type-graphql";
import type { ManifestVersion as ManifestVersionRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Diagnostic } from "./Diagnostic.js";
import { ManifestFormat, ManifestMode, ManifestStatus } from "./enums.js";
import { Node } from "./Node.js";
import { JSONScalar } from "./scalars.js";

@ObjectType({ implements: Node, description: "One manifest post for a project: what CI sent, by whom, and what it did to the catalog." })
export class ManifestVersion extends Node {
  @Field(() => ManifestFormat)
  format!: ManifestFormat;

  @Field(() => ManifestMode)
  mode!: ManifestMode;

  @Field(() => ManifestStatus)
  status!: ManifestStatus;

  @Field(() => String, { nullable: true })
  gitSha!: string | null;

  @Field(() => String, { nullable: true })
  branch!: string | null;

  @Field(() => String, { description: "The posting token's name, or `cli`." })
  postedBy!: string;

  @Field(() => String, { description: "sha256 of the normalized snapshot: equal checksums mean identical posts." })
  checksum!: string;

  @Field(() => JSONScalar, { description: "What the manifest held (models, sources, columns, tests, owners, edges, …) and, under `written`, the rows this post changed." })
  counts!: unknown;

  @Field(() => [Diagnostic], { description: "Findings about the posted manifest that did not stop it." })
  diagnostics!: Diagnostic[];

  @Field(() => Date)
  createdAt!: Date;

  /** Row id of its project, for the `project` field resolver (not part of the API). */
  projectId!: string;

  static from(row: ManifestVersionRow): ManifestVersion {
    return Object.assign(new ManifestVersion(), {
      id: toGlobalId("ManifestVersion", row.id),
      format: row.format,
      mode: row.mode,
      status: row.status,
      gitSha: row.gitSha,
      branch: row.branch,
      postedBy: row.postedBy,
      checksum: row.checksum,
      counts: row.counts,
      diagnostics: Diagnostic.listFrom(row.diagnostics),
      createdAt: row.createdAt,
      projectId: row.projectId,
    });
  }
}
