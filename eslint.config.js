import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const clientGlobs = ["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}", "redux/**/*.{ts,tsx}", "app/**/*.tsx"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**", ".next/**", ".data/**", "next-env.d.ts", "test-results/**",
      "playwright-report/**", "**/*.config.js", "**/*.config.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", {
        paths: [{ name: "react-redux", importNames: ["useSelector", "useDispatch"], message: "Use the typed hooks from @/redux/hooks." }],
      }],
    },
  },
  {
    files: ["**/*.tsx", "hooks/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Boundary: client code never reaches into the server or the models.
    files: clientGlobs,
    ignores: ["app/api/**"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [{ name: "react-redux", importNames: ["useSelector", "useDispatch"], message: "Use the typed hooks from @/redux/hooks." }],
        patterns: [
          { group: ["@/server/*", "@/server", "@/models/*", "@/models", "**/server/**", "**/models/**", "mongoose", "embedded-mongo"], message: "Client code must not import server code or models." },
        ],
      }],
    },
  },
);
