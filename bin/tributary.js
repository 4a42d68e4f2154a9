#!/usr/bin/env node
// The compiled CLI (npm install builds it; `npm run build` rebuilds it).
import { existsSync } from "node:fs";

if (!existsSync(new URL("../dist/main.js", import.meta.url))) {
  console.error("Tributary is not built: dist/ is missing. Run `npm ci` (which builds it), or `npm run build`.");
  process.exit(1);
}
await import("../dist/main.js");
