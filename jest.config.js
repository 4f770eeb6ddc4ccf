// One jest run over every package. Workspace imports (`@shortcrust/sdk`, …) resolve to their
// TypeScript sources through the "source" export condition, so tests never test stale dist/.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
  roots: ["<rootDir>/packages", "<rootDir>/templates"],
  testMatch: ["**/src/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/packages/.*/dist/", "<rootDir>/templates/.*/dist/"],
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
};
