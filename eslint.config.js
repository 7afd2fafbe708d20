// Lint: typescript-eslint's recommended rules plus the import boundary of STYLE.md
// ("decide in packages/, do in services/"): the domain package stays free of I/O.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["packages/domain/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "os", "net", "http", "https", "child_process", "worker_threads"], message: "packages/domain is pure: no I/O (STYLE.md)." },
            { group: ["@mailtriage/mime", "@mailtriage/config", "ioredis", "bullmq", "fastify", "imapflow", "mailparser"], message: "packages/domain must not depend on adapters." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "packages/domain reads no env." }, { name: "fetch", message: "no network in the domain." }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "the current time arrives as an argument." }, { object: "Math", property: "random", message: "no randomness in the domain." }],
    },
  },
);
