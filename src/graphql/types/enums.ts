import { registerEnumType } from "type-graphql";
import { AssetKind, EdgeOrigin, Layer, ManifestFormat, ManifestMode, ManifestStatus, Role, RunStatus } from "../../generated/prisma/enums.js";

registerEnumType(Role, { name: "Role", description: "READER < CI < OWNER < ADMIN; each role can do what the lower ones can." });
registerEnumType(AssetKind, { name: "AssetKind", description: "What an asset is: a dbt model, source, seed, snapshot, exposure (a downstream consumer), metric, semantic model or saved query." });
registerEnumType(Layer, { name: "Layer", description: "Where a model sits: staging → intermediate → mart. Sources, seeds and snapshots have none." });
registerEnumType(EdgeOrigin, { name: "EdgeOrigin", description: "Where a lineage edge comes from: the manifest's depends_on (DECLARED), the SQL (INFERRED), or both." });
registerEnumType(RunStatus, { name: "RunStatus", description: "The outcome of a test or model in dbt's run_results.json." });
registerEnumType(ManifestStatus, { name: "ManifestStatus", description: "What a post did: APPLIED to the catalog, UNCHANGED (identical to the current version), PROPOSED, or BLOCKED." });
registerEnumType(ManifestFormat, { name: "ManifestFormat", description: "DBT (manifest.json) or NATIVE (Tributary's own manifest)." });
registerEnumType(ManifestMode, { name: "ManifestMode", description: "APPLY (main branch after merge) or PROPOSE (a pull-request build)." });

export { AssetKind, EdgeOrigin, Layer, ManifestFormat, ManifestMode, ManifestStatus, Role, RunStatus };

import { ApprovalDecision, ChangeAction, ChangeCategory, ChangeRequestStatus } from "../../generated/prisma/enums.js";

registerEnumType(ChangeRequestStatus, { name: "ChangeRequestStatus" });
registerEnumType(ChangeAction, { name: "ChangeAction" });
registerEnumType(ChangeCategory, { name: "ChangeCategory", description: "BREAKING needs the owners' approval; LOGIC, QUALITY, ADDITIVE and DOCS are reported." });
registerEnumType(ApprovalDecision, { name: "ApprovalDecision" });

export { ApprovalDecision, ChangeAction, ChangeCategory, ChangeRequestStatus };
