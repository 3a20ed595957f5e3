// Stack trimming: prompts and reports keep the frames a developer would open, not runner internals.
import { stripVTControlCharacters } from 'node:util';

const MAX_FRAMES = 5;
const MAX_MESSAGE_CHARS = 2000;

const JS_FRAME = [/^\s*at\s/, /\((?:file:\/\/)?[^()]+:\d+:\d+\)\s*$/, /^\s*(?:async\s+)?(?:file:\/\/)?[^\s()]+:\d+:\d+\s*$/];
// node:internal, node:async_hooks and other builtins, plus dependencies: none of it is the user's code.
const NOISE = [/\bnode:[a-z_]/, /[\\/]node_modules[\\/]/, /\(<anonymous>\)\s*$/, /^\s*at\s+(?:async\s+)?Promise\.\w+/];

export function isFrame(line: string): boolean {
  return JS_FRAME.some((re) => re.test(line));
}

function isNoise(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}

/**
 * Keeps at most five project frames. Text without JavaScript frames (a Python or Go
 * traceback) keeps its last lines instead, which is where those runtimes put the cause.
 */
export function trimStack(stack: string | undefined | null): string | undefined {
  if (!stack) return undefined;
  const lines = stripVTControlCharacters(stack)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const frames = lines.filter(isFrame);
  if (frames.length === 0) {
    const tail = lines.slice(-MAX_FRAMES).map((l) => l.trim());
    return tail.length > 0 ? tail.join('\n') : undefined;
  }
  const own = frames.filter((f) => !isNoise(f));
  const kept = own.length > 0 ? own : frames.slice(0, 1);
  return kept
    .slice(0, MAX_FRAMES)
    .map((l) => l.trim().replace(/\s*\{$/, '')) // util.inspect opens the error's own properties after the last frame
    .join('\n');
}

export function clipMessage(message: string | undefined | null): string | undefined {
  if (message == null) return undefined;
  // Reports embedded as JSON carry colour codes as escaped text that only appears after parsing.
  const m = stripVTControlCharacters(message).trim();
  if (m === '') return undefined;
  return m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m;
}

/** Splits "Error: message\n    at frame..." text into its message and trimmed stack. */
export function splitError(text: string | undefined | null): { message?: string; stack?: string } {
  if (!text) return {};
  const lines = text.split('\n');
  const firstFrame = lines.findIndex(isFrame);
  if (firstFrame === -1) return { message: clipMessage(text) };
  return {
    message: clipMessage(lines.slice(0, firstFrame).join('\n')),
    stack: trimStack(lines.slice(firstFrame).join('\n')),
  };
}
