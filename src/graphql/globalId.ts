// Global ids are pure; services need them too (links), so they live in core.
export { fromGlobalId, rowIdOf, toGlobalId } from "../core/globalId.js";
