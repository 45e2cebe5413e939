import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The console is static files; its runtime settings (API URL, user pool) come from /config.json at start.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { host: "127.0.0.1", port: 5173 },
  test: { environment: "jsdom", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
