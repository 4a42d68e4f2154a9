import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 has no `exports`: without this alias Vite loads index.mjs for tests while
  // type-graphql and Apollo load index.js, and schemas built by one are foreign to the other.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ["tests/browser/**", "**/node_modules/**"],
    pool: "forks",
    globalSetup: ["tests/support/globalSetup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
