/** Public API of the manifest module: posted documents → one normalized CatalogSnapshot. */
export { findTooDeepDocument, parseManifest, parseManifestText, type ManifestInput, type ManifestTextInput } from "./parseManifest.js";
export { DEFAULT_FIELD_LIMITS, type FieldLimits } from "./fieldLimits.js";
export {
  MANIFEST_INPUT_ERROR_CODES,
  type ManifestInputError,
  type ManifestInputErrorCode,
  type ParseResult,
} from "./inputError.js";
export {
  classifyLayer,
  DEFAULT_LAYER_RULES,
  layerRulesSchema,
  type LayerRules,
  type LayerRulesInput,
} from "./layerRules.js";
export { assetContentHash, columnContentHash, edgeKey, snapshotChecksum, testContentHash } from "./checksum.js";
export { columnDefinition, columnDefinitionId } from "./columnDefinition.js";
export { ownerKey, ownerKeyLabel } from "./owners.js";
export { snapshotCounts, type SnapshotCounts } from "./snapshotCounts.js";
export { nativeManifestSchema, NATIVE_FORMAT, versionedName, type NativeManifestInput } from "./native/nativeManifestSchema.js";
export { nodeId } from "./native/nativeReferences.js";
export { nativeManifestJsonSchema } from "./native/manifestJsonSchema.js";
export { SUPPORTED_MANIFEST_VERSIONS } from "./dbt/schemaVersion.js";
export * from "./snapshot.js";
