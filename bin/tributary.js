#!/usr/bin/env node
// The compiled CLI (npm install builds it; `npm run build` rebuilds it).
import "../dist/main.js";
