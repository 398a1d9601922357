// ESLint (flat config): typescript-eslint's recommended rules, and the layers of
// docs/architecture.md as import rules, so that a new module cannot cross them by accident.
// Each layer rule has a bad snippet in tests/unit/lint-layers.test.ts that must fail.
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const SERVER_ONLY = "server-only code (*.server.ts, db/, jobs/) never reaches a module the browser bundle may include";

/** A zone of import-x/no-restricted-paths: files under `target` may not import files matching `from`. */
const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const MODELS_RETURN_DATA = "models return data (a FileDownload for files); the route builds the response";

const APP_IMPORT_PATTERNS = [
  { group: ["./*", "../*"], message: "inside app/ import with ~/ (docs/decisions/019-layers-and-imports.md)" },
  { group: ["~/routes/*"], message: "a route never imports another route" },
];

export const layerZones = [
  zone("./app/routes", "./db", "routes reach the database through a model (app/models), never db/ itself"),
  zone("./app/routes", "./jobs", "routes enqueue through ~/utils/queue.server, never jobs/ itself"),
  zone(
    "./app/routes",
    "./app/routes",
    "a route never imports another route: move what they share to app/schemas, app/models or app/domain",
  ),
  zone("./app/components", "./app/**/*.server.ts", SERVER_ONLY),
  zone("./app/components", "./db", SERVER_ONLY),
  zone("./app/components", "./jobs", SERVER_ONLY),
  zone("./app/schemas", "./app/**/*.server.ts", SERVER_ONLY),
  zone("./app/schemas", "./db", SERVER_ONLY),
  zone("./app/schemas", "./jobs", SERVER_ONLY),
  // List definitions render in the browser; the kit's *.server.ts helpers beside them do not.
  zone("./app/lists/*.tsx", "./app/**/*.server.ts", SERVER_ONLY),
  zone("./app/lists/*.tsx", "./db", SERVER_ONLY),
  zone("./app/lists/*.tsx", "./jobs", SERVER_ONLY),
  zone("./app/domain", "./app/**/*.server.ts", "domain rules are plain functions: no server modules"),
  zone("./app/domain", "./app/models", "domain rules are plain functions: they take data, not the database"),
  zone("./db", "./app", "db/ is the bottom layer: it never imports the app"),
  zone("./db", "./jobs", "db/ is the bottom layer: it never imports jobs/"),
  zone("./db", "./seeds", "db/ is the bottom layer: seeds import it, not the other way round"),
  zone("./app", "./seeds", "seeds are demo data: the app never imports them"),
  zone("./app", "./tests", "tests import the app, not the other way round"),
];

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "node_modules/**", "var/**", "tests/artifacts/**", ".cache/**", "checklists/fixtures/**"],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: layerZones }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Test fixtures poke at shapes on purpose.
    files: ["tests/**/*.ts", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // One import style inside the app: `~/` everywhere, so a layer crossing is visible in the path.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: APP_IMPORT_PATTERNS }],
    },
  },
  {
    // Models return data; routes (or ~/utils/download.server's downloadResponse) build responses.
    files: ["app/models/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: APP_IMPORT_PATTERNS,
          paths: [
            { name: "@remix-run/node", importNames: ["data", "json", "redirect", "redirectDocument"], message: MODELS_RETURN_DATA },
            { name: "~/utils/download.server", importNames: ["downloadResponse"], message: MODELS_RETURN_DATA },
            { name: "~/utils/flash.server", message: MODELS_RETURN_DATA },
          ],
        },
      ],
    },
  },
  {
    // Outside the app, reach another top-level folder through its alias (~/, ~db/, ~jobs/, ~checklists/).
    files: ["db/**/*.ts", "jobs/**/*.ts", "seeds/**/*.ts", "scripts/**/*.ts", "tests/**/*.ts", "checklists/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(app|db|jobs|checklists)/",
              message: "import app/, db/, jobs/ and checklists/ from another folder through ~/, ~db/, ~jobs/, ~checklists/",
            },
          ],
        },
      ],
    },
  },
);
