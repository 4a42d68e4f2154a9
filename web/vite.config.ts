/**
 * Builds the web app into dist/web (served by src/http/webApp.ts). Hashed files go to /static
 * (not Vite's default /assets, which is the asset pages' route), each with .br and .gz twins
 * so the server sends them compressed without compressing per request.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [
    react(),
    compression({
      algorithms: [defineAlgorithm("gzip", { level: 9 }), defineAlgorithm("brotliCompress")],
      threshold: 512,
      exclude: [/\.html$/],
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "static",
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
});
