// Debian's Chromium driven by playwright-core, pointed at a code-server workbench.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toolchain } from './toolchain';

export async function launchChromium(): Promise<Browser> {
  // Chromium keeps crash reports and caches under XDG folders; keep them out of the home folder.
  const dir = mkdtempSync('/tmp/sws-chr-');
  const xdg = { XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_DATA_HOME: join(dir, 'data') };
  let browser: Browser;
  try {
    browser = await launch({ ...process.env, ...xdg });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  browser.on('disconnected', () => rmSync(dir, { recursive: true, force: true }));
  return browser;
}

function launch(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({
    env,
    executablePath: toolchain().chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // The caller stops code-server first and then the browser; a signal must not kill the browser under it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  return context.newPage();
}

/** Waits for the workbench to render after `page.goto`. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * With workspace trust enabled (and `security.workspace.trust.startupPrompt` "always"; the web
 * workbench does not ask under the default "once"), a dialog asks whether to trust the folder's
 * authors, some seconds after the workbench appears. Answers yes, the normal case of a user
 * working on their own code; returns whether it asked.
 */
export async function trustWorkspaceIfAsked(page: Page, timeoutMs = 45_000): Promise<boolean> {
  const trust = page.getByRole('button', { name: /Yes, I trust the authors/i });
  try {
    await trust.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    return false;
  }
  await trust.click();
  await trust.waitFor({ state: 'hidden', timeout: timeoutMs });
  return true;
}

/**
 * Runs a command from the Command Palette by its full label ("Category: Title"), as a user does.
 * The palette lists the commands known when it opens, and extensions register theirs some
 * seconds after the workbench appears: reopen it until the command is there.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    const palette = await openPaletteAt(page, label);
    shown = palette.labels;
    if (palette.focused) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  throw new Error(`The Command Palette does not offer "${label}" (it shows: ${shown.join(' | ') || 'nothing'}).`);
}

/**
 * Opens the palette filtered by `label` and focuses the row whose label is exactly `label`
 * (others can contain it: "Solve with Search: Solve Failing Tests with Search").
 */
async function openPaletteAt(page: Page, label: string): Promise<{ labels: string[]; focused: boolean }> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${label}`);
  await page.waitForTimeout(300);
  const labels = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((l) => l.trim());
  if (!labels.includes(label)) return { labels, focused: false };
  for (let i = 0; i < labels.length; i++) {
    const focused = await page.locator('.quick-input-list .monaco-list-row.focused .label-name').allInnerTexts();
    if (focused[0]?.trim() === label) return { labels, focused: true };
    await page.keyboard.press('ArrowDown');
  }
  return { labels, focused: false };
}
