/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";

/**
 * The browser-only mock backend (src/mock-backend.ts and its sample data) must not ship in the
 * app. api.ts only reaches it behind a build-time constant that is false in production, so the
 * code is dropped — but Rollup would still emit the dynamically imported chunk. In every build
 * but `--mode mock` the module is replaced by a stub that refuses to run.
 */
function noMockBackend(mode: string): Plugin {
  const stub = "\0policylens-mock-backend-disabled";
  return {
    name: "policylens-no-mock-backend",
    apply: "build",
    enforce: "pre",
    resolveId(source) {
      if (mode !== "mock" && /(^|\/)mock-backend(\.ts)?$/.test(source)) return stub;
      return null;
    },
    load(id) {
      return id === stub ? 'throw new Error("PolicyLens: the mock backend is not part of this build");' : null;
    },
  };
}

// The Content-Security-Policy the built UI must run under: no remote or inline script, no eval,
// no inline style. `vite preview` sends it, so a look at the preview in a browser proves the
// bundle obeys it (Tauri applies the policy from tauri.conf.json in the app).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ipc: http://ipc.localhost",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join("; ");

export default defineConfig(({ mode }) => ({
  // relative asset URLs: Tauri serves ui/dist from its own protocol
  base: "./",
  plugins: [noMockBackend(mode)],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  preview: { port: 4173, strictPort: true, headers: { "Content-Security-Policy": CSP } },
  build: {
    // `--mode mock` (browser-only dev harness) never overwrites the real build
    outDir: mode === "mock" ? "dist-mock" : "dist",
    emptyOutDir: true,
    target: "es2022",
    // Never inline assets as data: URLs into the script, and keep no eval-based source maps.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    restoreMocks: true,
  },
}));
