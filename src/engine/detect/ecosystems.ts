// Go, Rust and Java projects: one test command each, named by their build files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invocationOf, type RunnerKind, type RunnerPlan } from '../verify/runners';

const BUILD_FILES: Array<[file: string, command: string, runner: RunnerKind]> = [
  ['go.mod', 'go test ./...', 'go'],
  ['Cargo.toml', 'cargo test', 'cargo'],
  ['mvnw', './mvnw -q test', 'maven'],
  ['pom.xml', 'mvn -q test', 'maven'],
  ['gradlew', './gradlew test', 'gradle'],
  ['build.gradle.kts', 'gradle test', 'gradle'],
  ['build.gradle', 'gradle test', 'gradle'],
];

export function detectBuildFile(workspace: string): RunnerPlan | null {
  const hit = BUILD_FILES.find(([file]) => existsSync(join(workspace, file)));
  if (!hit) return null;
  const [file, command, runner] = hit;
  const found = invocationOf(command, false);
  return { runner, command, reason: `${file} found`, invocation: found?.invocation ?? null };
}
