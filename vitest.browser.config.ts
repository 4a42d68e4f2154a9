import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/** `npm run test:browser`: tests that drive Debian's Chromium (run by .ci/run). */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/browser/**/*.test.ts"], exclude: ["**/node_modules/**"], testTimeout: 120_000, expect: { poll: { timeout: 30_000 } } },
});
