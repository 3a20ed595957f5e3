// Checks a tool call before anything runs: the arguments against the schema, then the workspace
// against the folders the caller may name. A search started on the wrong folder would run that
// folder's code, so every doubt is an error with the reason.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { UserError } from '../engine/types';
import { solveInputSchema, TOOL_NAME, type SolveToolInput } from './schema';

/** A bad tool call: the message says what to send instead. */
export class ToolInputError extends UserError {
  override name = 'ToolInputError';
}

export interface WorkspacePolicy {
  /** Real paths of the folders a caller may name (a workspace may be one of them or below one). */
  roots: readonly string[];
  /** Used when the call names no workspace. */
  defaultWorkspace?: string;
  /** How the user widens the roots, appended to the refusal (e.g. "start the server with --allow-root DIR"). */
  widenHint: string;
}

/** A call that passed every check; `workspace` is the real path of a folder inside the roots. */
export type ValidToolInput = SolveToolInput & { workspace: string };

/** Parses the arguments; every problem is listed, one per line. */
export function parseToolArgs(raw: unknown): SolveToolInput {
  const parsed = solveInputSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => i.message);
  throw new ToolInputError(`Invalid arguments for ${TOOL_NAME}: ${problems.join('; ')}`);
}

/** The arguments and the workspace, checked; the workspace comes back as its real path. */
export function validateToolInput(raw: unknown, policy: WorkspacePolicy): ValidToolInput {
  const input = parseToolArgs(raw);
  return { ...input, workspace: checkWorkspace(input.workspace, policy) };
}

/** Resolves symlinks first, so a link inside an allowed folder cannot lead a search outside it. */
export function checkWorkspace(given: string | undefined, policy: WorkspacePolicy): string {
  const path = given ?? policy.defaultWorkspace;
  if (path === undefined) throw new ToolInputError('No workspace: pass "workspace" as the absolute path of the repository to repair.');
  if (!isAbsolute(path)) throw new ToolInputError(`workspace must be an absolute path (got "${path}").`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ToolInputError(`workspace ${path} does not exist.`);
  }
  if (!statSync(real).isDirectory()) throw new ToolInputError(`workspace ${path} is not a folder.`);
  if (!policy.roots.some((root) => isInside(real, root))) {
    const shown = real === path ? path : `${path} (${real})`;
    throw new ToolInputError(
      `workspace ${shown} is outside the folders this tool may work in (${policy.roots.join(', ') || 'none'}); ${policy.widenHint}.`,
    );
  }
  return real;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** Real paths of the given folders; a missing one or a file is a UserError naming it. */
export function realRoots(dirs: readonly string[]): string[] {
  return [
    ...new Set(
      dirs.map((dir) => {
        try {
          const real = realpathSync(dir);
          if (statSync(real).isDirectory()) return real;
        } catch {
          // reported below
        }
        throw new UserError(`${dir} is not a folder, so it cannot be an allowed root.`);
      }),
    ),
  ];
}
