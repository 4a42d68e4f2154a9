export * from "./definition.js";
export * from "./formula.js";
export * from "./conflicts.js";
export * from "./fromSnapshot.js";
export * from "./metricFormula.js";
