/**
 * Small integer codes for the enums stored in the indexes' Uint8Arrays.
 *
 * Origins are bit flags so that merging a DECLARED and an INFERRED row for one pair is an OR,
 * and the origin of a path (declared only if every hop is) is an AND.
 */
import { ASSET_KINDS, type AssetKind } from "../manifest/snapshot.js";
import { COLUMN_TRANSFORMS, type ColumnTransform, type EdgeOrigin } from "./types.js";

export const ORIGIN_BITS = 2;
const DECLARED_FLAG = 1;
const INFERRED_FLAG = 2;

export function originFlags(origin: EdgeOrigin): number {
  if (origin === "DECLARED") return DECLARED_FLAG;
  if (origin === "INFERRED") return INFERRED_FLAG;
  return DECLARED_FLAG | INFERRED_FLAG;
}

/** A path whose hops disagree (flags 0) relies on inference somewhere, so it reads as INFERRED. */
export function originOfFlags(flags: number): EdgeOrigin {
  if (flags === (DECLARED_FLAG | INFERRED_FLAG)) return "BOTH";
  if (flags === DECLARED_FLAG) return "DECLARED";
  return "INFERRED";
}

/** Nine transforms: four bits. */
export const TRANSFORM_BITS = 4;

export function transformCode(transform: ColumnTransform): number {
  const code = COLUMN_TRANSFORMS.indexOf(transform);
  if (code < 0) throw new RangeError(`unknown column transform ${String(transform)}`);
  return code;
}

export function transformOfCode(code: number): ColumnTransform {
  return COLUMN_TRANSFORMS[code]!;
}

export function kindCode(kind: AssetKind): number {
  const code = ASSET_KINDS.indexOf(kind);
  if (code < 0) throw new RangeError(`unknown asset kind ${String(kind)}`);
  return code;
}

export function kindOfCode(code: number): AssetKind {
  return ASSET_KINDS[code]!;
}
