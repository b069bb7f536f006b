import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API serves dist/ on the same origin under a strict CSP: no inline scripts, nothing from other hosts.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No data: URLs or inline modules: everything is a file the API serves under 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2022",
  },
  server: {
    proxy: { "/api": process.env.SIEVE_API_URL ?? "http://127.0.0.1:3000" },
  },
});
