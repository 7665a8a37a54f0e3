import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const clientGlobs = ["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}", "redux/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"];
const typedReduxHooks = { name: "react-redux", importNames: ["useSelector", "useDispatch"], message: "Use the typed hooks from @/redux/hooks." };
const serverCode = {
  group: ["@/server/*", "@/server", "@/models/*", "@/models", "**/server/**", "**/models/**", "mongoose", "embedded-mongo"],
  message: "Client code must not import server code or models.",
};
const components = {
  group: ["@/components", "@/components/*", "**/components/**"],
  message: "Hooks, redux and lib sit below components (docs/ARCHITECTURE.md, layers): move what they need down, e.g. lib/client/socketContext.ts.",
};
const hooks = { group: ["@/hooks", "@/hooks/*", "**/hooks/**"], message: "lib/ sits below hooks: hooks may import lib, not the reverse." };
/** One no-restricted-imports setting per layer (a later block replaces an earlier one's options). */
const boundary = (patterns) => ({ "no-restricted-imports": ["error", { paths: [typedReduxHooks], patterns }] });

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
      "no-restricted-imports": ["error", { paths: [typedReduxHooks] }],
    },
  },
  {
    files: ["**/*.tsx", "hooks/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Boundary: client code never reaches into the server or the models.
    files: [...clientGlobs, "lib/**/*.{ts,tsx}"],
    rules: boundary([serverCode]),
  },
  {
    // Layers (docs/ARCHITECTURE.md): hooks, redux and lib sit below components.
    files: ["hooks/**/*.{ts,tsx}", "redux/**/*.{ts,tsx}"],
    rules: boundary([serverCode, components]),
  },
  {
    // ...and lib sits below hooks too.
    files: ["lib/**/*.{ts,tsx}"],
    rules: boundary([serverCode, components, hooks]),
  },
);
