#!/usr/bin/env node
// Offline check of Live's Grafana dashboards: every .json file under the given paths (default: the repository's
// k8s/grafana) is validated against Grafana's dashboard JSON schema (schemas/grafana-dashboard.jsonschema.json,
// vendored from the Grafana Foundation SDK; see schemas/README.md), then against what the schema cannot say but
// Grafana needs to show the dashboard: panel ids unique, every query with a unique refId and a PromQL expression,
// every datasource reference naming a datasource variable of the dashboard, every panel inside the 24-column grid.
// Prints one line per problem (file, where, what) and exits 1 if there is any.
//
//   node scripts/k8s-validate/validate-dashboards.mjs [path ...]
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { filesUnder } from "./files.mjs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const inputs = process.argv.length > 2 ? process.argv.slice(2) : [join(root, "k8s", "grafana")];
const schema = JSON.parse(readFileSync(join(here, "schemas", "grafana-dashboard.jsonschema.json"), "utf8"));
// strict: false because the generated schema carries annotations ajv's strict mode does not know; allErrors so that
// one run names every problem.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const problems = [];
let dashboards = 0;

const rel = (file) => relative(process.cwd(), file) || file;

// Panels at the top level and inside rows (a collapsed row keeps its panels in its own list).
const allPanels = (dashboard) => (dashboard.panels ?? []).flatMap((p) => [p, ...(p.type === "row" ? p.panels ?? [] : [])]);

function checkModel(where, dashboard) {
  const variables = new Set((dashboard.templating?.list ?? []).filter((v) => v.type === "datasource").map((v) => v.name));
  const checkSource = (label, source) => {
    const variable = /^\$\{?(\w+)\}?$/.exec(source?.uid ?? "");
    if (source && variable && !variables.has(variable[1])) problems.push(`${where} ${label}: datasource variable '${variable[1]}' is not defined in templating`);
  };
  const ids = new Set();
  for (const panel of allPanels(dashboard)) {
    const label = `panel ${panel.id ?? "?"} '${panel.title ?? ""}'`;
    if (panel.id === undefined) problems.push(`${where} ${label}: no id`);
    else if (ids.has(panel.id)) problems.push(`${where} ${label}: id ${panel.id} is used twice`);
    ids.add(panel.id);
    const grid = panel.gridPos;
    if (grid && grid.x + grid.w > 24) problems.push(`${where} ${label}: gridPos x ${grid.x} + w ${grid.w} is past the 24 columns`);
    checkSource(label, panel.datasource);
    if (panel.type === "row") continue;
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${where} ${label}: no queries`);
    const refIds = new Set();
    for (const target of targets) {
      if (typeof target.refId !== "string" || target.refId === "") problems.push(`${where} ${label}: a query has no refId`);
      else if (refIds.has(target.refId)) problems.push(`${where} ${label}: refId ${target.refId} is used twice`);
      refIds.add(target.refId);
      if (typeof target.expr !== "string" || target.expr.trim() === "") problems.push(`${where} ${label} query ${target.refId}: no PromQL expr`);
      checkSource(`${label} query ${target.refId}`, target.datasource);
    }
  }
}

const files = inputs.flatMap((input) => filesUnder(resolve(input), (name) => /\.json$/i.test(name), problems));
if (files.length === 0 && problems.length === 0) problems.push(`no dashboards (.json) under ${inputs.join(", ")}`);
for (const file of files) {
  let dashboard;
  try {
    dashboard = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(`${rel(file)}: JSON: ${error.message}`);
    continue;
  }
  dashboards++;
  const where = `${rel(file)} '${dashboard?.title ?? "?"}'`;
  if (!validate(dashboard)) {
    for (const error of validate.errors) {
      const extra = error.params?.additionalProperty ? ` ('${error.params.additionalProperty}')` : "";
      problems.push(`${where}: ${error.instancePath || "/"} ${error.message}${extra}`);
    }
  }
  if (dashboard && typeof dashboard === "object") checkModel(where, dashboard);
}

for (const problem of problems) console.error(problem);
console.log(problems.length === 0
  ? `grafana-validate: ${dashboards} dashboards in ${files.length} files match Grafana's dashboard schema`
  : `grafana-validate: ${problems.length} problem(s) in ${files.length} files`);
process.exit(problems.length === 0 ? 0 : 1);
