// Builds the package: stamps the repository's one version (../../VERSION), generates the stt.v1 types and service
// from ../../protos with buf and protoc-gen-es, and compiles to dist/ (JavaScript and .d.ts). Runs on `npm ci`,
// `npm install` and `npm pack` (the "prepare" script), so the tarball holds generated code and needs no .proto.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(here, "node_modules", ".bin", name);
// buf finds the protoc-gen-es plugin on the PATH, as under `npm run`.
const env = { ...process.env, PATH: `${join(here, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}` };
const run = (command, args) => execFileSync(command, args, { cwd: here, stdio: "inherit", env });

const version = readFileSync(join(here, "..", "..", "VERSION"), "utf8").trim();
const manifestPath = join(here, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
if (manifest.version !== version) {
  manifest.version = version;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  console.log(`stt-client: version stamped ${version}`);
}

rmSync(join(here, "src", "gen"), { recursive: true, force: true });
rmSync(join(here, "dist"), { recursive: true, force: true });
run(bin("buf"), ["generate", join("..", "..", "protos"), "--template", "buf.gen.yaml"]);
mkdirSync(join(here, "src", "gen"), { recursive: true });
writeFileSync(join(here, "src", "gen", "version.ts"), `/** The version of this package and of the stt.v1 contract it was built from. */\nexport const version = ${JSON.stringify(version)};\n`);
run(bin("tsc"), ["-p", "tsconfig.json"]);
