// One jest run over every package. Workspace imports (`@shortcrust/sdk`, …) resolve to their
// TypeScript sources through the "source" export condition, so tests never test stale dist/.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
  roots: ["<rootDir>/packages", "<rootDir>/templates", "<rootDir>/oracle"],
  testMatch: ["**/src/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/target/"],
  modulePathIgnorePatterns: [
    "<rootDir>/packages/.*/dist/",
    "<rootDir>/templates/.*/dist/",
    "<rootDir>/oracle/dist/",
    "<rootDir>/oracle/rkyv/target/",
  ],
  // @noble/curves and @noble/hashes 2 (which tests use to sign and hash) are ESM-only: jest's
  // CommonJS loader cannot require them, so swc turns them into CommonJS like our own sources
  // (node itself requires them natively; the runtime uses @noble/curves 1.9, which is CommonJS).
  // The pattern lets both pnpm's `.pnpm/@noble+…` store path and `node_modules/@noble/…` through.
  transformIgnorePatterns: ["/node_modules/(?!(\\.pnpm/@noble\\+|@noble/))"],
  transform: {
    "^.+\\.(t|j)s$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  testTimeout: 60000,
  // Builds the Rust fixture contracts once per run, before the workers start.
  globalSetup: "<rootDir>/jest.global-setup.cjs",
};
