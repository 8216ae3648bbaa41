// Shared helpers of the browser tests: start the release server on a free port with a fresh
// SQLite file, launch Debian's Chromium through playwright-core, run axe-core in a page.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const artifacts = join(here, '..', 'artifacts');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Starts target/release/tremplin; resolves to { url, stop }. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'tremplin-e2e-'));
  const child = spawn(join(repoRoot, 'target', 'release', 'tremplin'), ['serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TREMPLIN_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`,
      RUST_LOG: 'info',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30000);
    const onData = (chunk) => {
      log += chunk.toString();
      const m = log.match(/listens on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${log}`)); });
  });
  return {
    url,
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, never a downloaded browser. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Waits until the WASM bundle has hydrated the page (it sets body[data-hydrated]). */
export async function waitForHydration(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20000 });
}

/** axe-core violations of the current page (all WCAG A/AA rules and best practices). */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (which allows no inline script)
  // does not have to be weakened for the test.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export function ensureArtifacts() {
  mkdirSync(artifacts, { recursive: true });
  return artifacts;
}

/**
 * Answers the item shown, by mouse: ticks the first option, types in text fields, or says
 * "Je ne sais pas" for the kinds that need more. Returns the kind handled.
 */
export async function answerByMouse(page, step) {
  const radios = page.locator('input[type="radio"]');
  const boxes = page.locator('input[type="checkbox"]');
  const texts = page.locator('form.item input[type="text"]');
  if (step % 4 === 3) {
    await page.getByRole('button', { name: 'Je ne sais pas' }).click();
    return 'skip';
  }
  if (await radios.count()) {
    await page.locator(`label[for="${await radios.first().getAttribute('id')}"]`).click();
  } else if (await boxes.count()) {
    await page.locator(`label[for="${await boxes.first().getAttribute('id')}"]`).click();
  } else if (await texts.count()) {
    for (let i = 0; i < await texts.count(); i++) await texts.nth(i).fill('réponse');
  } else if (await page.locator('button.zone').count()) {
    await page.locator('button.zone').first().click();
    return 'zone';
  } else {
    await page.getByRole('button', { name: 'Je ne sais pas' }).click();
    return 'skip';
  }
  await page.getByRole('button', { name: 'Valider' }).click();
  return 'answer';
}
