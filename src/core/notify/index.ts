export * from "./backoff.js";
export * from "./events.js";
export * from "./payload.js";
export * from "./signature.js";
export * from "./webhookInput.js";
