/** The parts of the native manifest (its zod input type) that a project folder produces. */
import type { NativeManifestInput } from "../core/manifest/index.js";

export type NativeModelInput = NonNullable<NativeManifestInput["models"]>[number];
export type NativeSourceInput = NonNullable<NativeManifestInput["sources"]>[number];
export type NativeSourceTableInput = NativeSourceInput["tables"][number];
export type NativeExposureInput = NonNullable<NativeManifestInput["exposures"]>[number];
export type NativeSingularTestInput = NonNullable<NativeManifestInput["tests"]>[number];
export type NativeColumnInput = NonNullable<NativeModelInput["columns"]>[number];
export type NativeTestInput = NonNullable<NativeModelInput["tests"]>[number];
export type NativeOwnerInput = NonNullable<NativeModelInput["owners"]>[number];
export type NativeMetricInput = NonNullable<NativeManifestInput["metrics"]>[number];
