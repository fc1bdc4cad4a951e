#!/usr/bin/env node
// Offline schema check of Kubernetes manifests: every document of every YAML file under the given paths (default:
// the repository's k8s/) is parsed and validated against the Kubernetes schema of its apiVersion and kind, using the
// schemas compiled into kubernetes-models (types, required fields, enums, formats). A kustomization is checked for
// what `kubectl apply -k` needs: each listed resource exists, and no manifest beside it is left out.
// Prints one line per problem (file, document, kind/name, what is wrong) and exits 1 if there is any.
//
//   node scripts/k8s-validate/validate.mjs [path ...]
// Not checked: unknown field names (the compiled schemas allow extra properties; the API server's strict field
// validation would refuse them) and anything that needs a cluster (admission, quotas, CRDs).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { filesUnder } from "./files.mjs";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const inputs = process.argv.length > 2 ? process.argv.slice(2) : [join(root, "k8s")];
const problems = [];
let documents = 0;

const isYaml = (name) => /\.ya?ml$/i.test(name);
const isKustomization = (name) => /^kustomization\.ya?ml$/i.test(basename(name));

// "apps/v1" + "Deployment" -> kubernetes-models/apps/v1/Deployment; core "v1" -> kubernetes-models/v1/Service.
async function modelFor(apiVersion, kind) {
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind] ?? null;
  } catch {
    return null;
  }
}

function checkKustomization(file, spec) {
  const dir = dirname(file);
  const listed = new Set();
  for (const resource of spec.resources ?? []) {
    const target = resolve(dir, resource);
    listed.add(target);
    if (!existsSync(target)) problems.push(`${rel(file)}: resource '${resource}' does not exist`);
  }
  // Files a generator packs into a ConfigMap or Secret (k8s/grafana's dashboard): kustomize fails on a missing one.
  for (const generator of [...(spec.configMapGenerator ?? []), ...(spec.secretGenerator ?? [])])
    for (const entry of generator.files ?? []) {
      const path = String(entry).replace(/^[^=]*=/, "");
      if (!existsSync(resolve(dir, path))) problems.push(`${rel(file)}: ${generator.name ?? "generator"} file '${path}' does not exist`);
    }
  for (const name of readdirSync(dir).filter((n) => isYaml(n) && !isKustomization(n)))
    if (!listed.has(resolve(dir, name))) problems.push(`${rel(file)}: ${name} is not listed in resources (kubectl apply -k would skip it)`);
}

function rel(file) {
  return relative(process.cwd(), file) || file;
}

async function checkDocument(file, index, value) {
  const where = `${rel(file)} (document ${index + 1})`;
  if (value === null || value === undefined) return; // an empty document between separators
  documents++;
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${where}: not a Kubernetes object (a mapping with apiVersion and kind)`);
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    problems.push(`${where}: apiVersion and kind must be strings`);
    return;
  }
  if (apiVersion.startsWith("kustomize.config.k8s.io/") && kind === "Kustomization") {
    checkKustomization(file, value);
    return;
  }
  const name = value.metadata?.name;
  const label = `${where} ${kind}/${name ?? "?"}`;
  if (typeof name !== "string" || name === "") problems.push(`${label}: metadata.name is required`);
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    problems.push(`${label}: no Kubernetes schema for apiVersion '${apiVersion}' kind '${kind}'`);
    return;
  }
  try {
    new Model(value).validate();
  } catch (error) {
    const details = error.errors?.map((e) => `${e.instancePath || "/"} ${e.message}`) ?? [error.message];
    for (const detail of details) problems.push(`${label}: ${detail.replace(/^data/, "")}`);
  }
}

const files = inputs.flatMap((input) => filesUnder(resolve(input), isYaml, problems));
if (files.length === 0 && problems.length === 0) problems.push(`no YAML files under ${inputs.join(", ")}`);
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { prettyErrors: true });
  for (const [index, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) problems.push(`${rel(file)} (document ${index + 1}): YAML: ${error.message.split("\n")[0]}`);
      continue;
    }
    await checkDocument(file, index, doc.toJS());
  }
}

for (const problem of problems) console.error(problem);
console.log(problems.length === 0
  ? `k8s-validate: ${documents} documents in ${files.length} files match the Kubernetes schemas`
  : `k8s-validate: ${problems.length} problem(s) in ${files.length} files`);
process.exit(problems.length === 0 ? 0 : 1);
