// The files both validators read: every file under a path (or the path itself) whose name matches, in a stable
// order; a path that does not exist is reported as a problem, not skipped, so a typo cannot make a check pass.
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

export function filesUnder(path, matches, problems) {
  if (!existsSync(path)) {
    problems.push(`${path}: no such file or directory`);
    return [];
  }
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? filesUnder(full, matches, problems) : matches(name) ? [full] : [];
  });
}
