/// <reference types="vitest/config" />
// Vite: the SPA build, the dev server (proxying /api to a running backend,
// `make dev`'s by default), and Vitest.

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig(() => {
  const backend = process.env.CLOUDCENSUS_URL ?? "http://127.0.0.1:8080";
  return {
    plugins: [react()],
    server: {
      host: "127.0.0.1",
      port: Number(process.env.PORT ?? 5173),
      strictPort: false,
      proxy: { "/api": { target: backend, changeOrigin: false } },
    },
    preview: { host: "127.0.0.1" },
    build: {
      target: "es2022",
      sourcemap: false,
      chunkSizeWarningLimit: 900,
    },
    test: {
      environment: "jsdom",
      globals: true,
      setupFiles: ["./src/test/setup.ts"],
      include: ["src/**/*.test.{ts,tsx}"],
      css: false,
      server: { deps: { inline: [/@cloudscape-design/] } },
      // The machine is small and shared; Cloudscape renders are heavy in jsdom.
      testTimeout: 60_000,
    },
  };
});
