// Shared helpers of the browser tests: start the release server on a free port with a fresh
// SQLite file, launch Debian's Chromium through playwright-core, run axe-core in a page.
import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Starts target/release/tremplin; resolves to { url, db, stop }. With `places`, the fictitious
 * sample places are imported first (`tremplin places import`); with `bankDir`, the server reads
 * that copy of the item bank; `env` adds settings (`TREMPLIN_…` variables).
 */
export async function startServer({ places = false, bankDir = null, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tremplin-e2e-'));
  if (places) {
    const run = spawnSync(join(repoRoot, 'target', 'release', 'tremplin'),
      ['places', 'import', join(repoRoot, 'app', 'data', 'places', 'lieux-fictifs.csv')], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`, RUST_LOG: 'warn' },
        encoding: 'utf8',
      });
    if (run.status !== 0) throw new Error(`places import failed:\n${run.stderr}`);
  }
  const child = spawn(join(repoRoot, 'target', 'release', 'tremplin'), ['serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TREMPLIN_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`,
      RUST_LOG: 'info',
      NO_COLOR: '1',
      ...(bankDir ? { TREMPLIN_BANK_DIR: bankDir } : {}),
      ...env,
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
    db: join(dir, 'e2e.db'),
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The answer last stored for `itemId` in the server's SQLite file (Debian's sqlite3 command):
 * { response (parsed JSON), correct (0 or 1) }, or null.
 */
export function storedAnswer(server, itemId) {
  const run = spawnSync('sqlite3', ['-json', server.db,
    `SELECT response, correct FROM answers WHERE item_id = '${itemId.replace(/'/g, "''")}' ORDER BY answered_at DESC, seq DESC LIMIT 1`],
  { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr}`);
  const rows = run.stdout.trim() ? JSON.parse(run.stdout) : [];
  return rows.length ? { response: JSON.parse(rows[0].response), correct: rows[0].correct } : null;
}

/**
 * The key of a bank item, read from its file in item-bank/data (the test knows what the
 * browser never sees): an array of ids, or an object ({ target }, { source, target },
 * { direction }, { text, exact }, or a matching's pairs).
 */
export function itemSolution(itemId) {
  const files = spawnSync('grep', ['-rl', `id = "${itemId}"`, join(repoRoot, 'item-bank', 'data', 'items')], { encoding: 'utf8' })
    .stdout.trim().split('\n').filter(Boolean);
  for (const file of files) {
    for (const block of readFileSync(file, 'utf8').split('[[item]]')) {
      if (!block.includes(`id = "${itemId}"`)) continue;
      const line = block.split('\n').find((l) => l.startsWith('solution = '));
      if (!line) break;
      const value = line.slice('solution = '.length).trim();
      if (value.startsWith('[')) return [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      const out = {};
      for (const m of value.matchAll(/(\w+) = ("([^"]*)"|true|false)/g)) out[m[1]] = m[3] ?? (m[2] === 'true');
      return out;
    }
  }
  throw new Error(`no solution found for ${itemId}`);
}

/** The targets (or regions) of a bank item: { id: label }, read from its file. */
export function itemTargets(itemId) {
  const files = spawnSync('grep', ['-rl', `id = "${itemId}"`, join(repoRoot, 'item-bank', 'data', 'items')], { encoding: 'utf8' })
    .stdout.trim().split('\n').filter(Boolean);
  for (const file of files) {
    for (const block of readFileSync(file, 'utf8').split('[[item]]')) {
      if (!block.includes(`id = "${itemId}"`)) continue;
      const out = {};
      for (const m of block.matchAll(/\{ id = "([^"]*)", label = "([^"]*)"/g)) out[m[1]] = m[2];
      return out;
    }
  }
  throw new Error(`no targets found for ${itemId}`);
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
 * Answers the item shown, by mouse (or by finger with `{ touch: true }`, in a context with
 * hasTouch): ticks the first option, types in text fields, gives each list a different choice,
 * clicks the first element of a simulated screen (or its first button without JavaScript:
 * `{ script: false }`), or says "Je ne sais pas" for the kinds that need more. Returns the kind
 * handled.
 */
export async function answerByMouse(page, step, { touch = false, script = true } = {}) {
  const press = (locator) => (touch ? locator.tap() : locator.click());
  // Once live, the simulated screen replaces its fallback buttons: act on the live page.
  if (script) await waitForHydration(page);
  const radios = page.locator('input[type="radio"]');
  const boxes = page.locator('input[type="checkbox"]');
  const texts = page.locator('form.item input[type="text"]');
  const lists = page.locator('form.item select');
  if (step % 4 === 3) {
    await press(page.getByRole('button', { name: 'Je ne sais pas' }));
    return 'skip';
  }
  if (await radios.count()) {
    await press(page.locator(`label[for="${await radios.first().getAttribute('id')}"]`));
  } else if (await boxes.count()) {
    await press(page.locator(`label[for="${await boxes.first().getAttribute('id')}"]`));
  } else if (await texts.count()) {
    for (let i = 0; i < await texts.count(); i++) await texts.nth(i).fill('réponse');
  } else if (await lists.count()) {
    // The k-th list takes its (k+1)-th entry: distinct positions, pairs and drag ends.
    for (let k = 0; k < await lists.count(); k++) {
      const entries = await lists.nth(k).locator('option').count();
      await lists.nth(k).selectOption({ index: Math.min(k + 1, entries - 1) });
    }
  } else if (script && await page.locator('rect.screen-target').count()) {
    // The element's centre on the live screen: the page posts the gesture by itself.
    const target = page.locator('rect.screen-target').first();
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await (touch ? page.touchscreen.tap(x, y) : page.mouse.click(x, y));
    return 'screen';
  } else if (await page.locator('button.zone').count()) {
    await press(page.locator('button.zone').first());
    return 'zone';
  } else {
    await press(page.getByRole('button', { name: 'Je ne sais pas' }));
    return 'skip';
  }
  await press(page.getByRole('button', { name: 'Valider' }));
  return 'answer';
}

/**
 * Plays the assessment from an item page to the result page with `answer(page, step)`, calling
 * `onPage(page, kind)` on each page reached ('item' before it is answered, 'done', 'result').
 * Returns the number of items answered.
 */
export async function runToResult(page, answer, onPage = async () => {}) {
  const maxSteps = 120;
  let steps = 0;
  while (!page.url().endsWith('/resultat')) {
    if (await page.getByRole('link', { name: 'Voir mon résultat' }).count()) {
      await onPage(page, 'done');
      await page.getByRole('link', { name: 'Voir mon résultat' }).click();
      await page.waitForURL('**/resultat');
      break;
    }
    await page.getByRole('heading', { level: 1, name: /^Question \d+$/ }).waitFor();
    await onPage(page, 'item');
    const before = page.url();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), answer(page, steps)]);
    steps += 1;
    if (steps >= maxSteps) throw new Error(`still not done after ${steps} items (${before})`);
  }
  await page.getByRole('heading', { level: 1, name: 'Votre résultat' }).waitFor();
  await onPage(page, 'result');
  return steps;
}

/** The way to answer the item shown: choice, choices, text, fields, ordering, matching, hotspot or task. */
export async function itemKind(page) {
  return page.evaluate(() => {
    const form = document.querySelector('form.item');
    if (!form) return 'none';
    if (form.querySelector('input[type="radio"]')) return 'choice';
    if (form.querySelector('input[type="checkbox"]')) return 'choices';
    if (form.querySelector('select[name^="pos_"]')) return 'ordering';
    if (form.querySelector('select[name^="pair_"]')) return 'matching';
    if (form.querySelector('.screen[data-action]')) return 'task';
    if (form.querySelector('.screen, button.zone[name="zone"]')) return 'hotspot';
    if (form.querySelector('[id^="tache-"], button.zone')) return 'task';
    const texts = form.querySelectorAll('input[type="text"]').length;
    return texts > 1 ? 'fields' : texts === 1 ? 'text' : 'other';
  });
}

/**
 * How far the document scrolls sideways: its scrollWidth and clientWidth, and the innermost
 * elements whose box ends past the right edge of the viewport (to say what overflows).
 */
export async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const edge = doc.clientWidth;
    const describe = (el) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const id = el.id ? `#${el.id}` : '';
      const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(el.getBoundingClientRect().right + window.scrollX)} «${text}»`;
    };
    const over = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return (r.width > 0 || r.height > 0) && r.right + window.scrollX > edge + 0.5;
    });
    const innermost = over.filter((el) => !over.some((o) => o !== el && el.contains(o)));
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, culprits: innermost.slice(0, 8).map(describe) };
  });
}

/**
 * Runs `tremplin ARGS…` (the release binary) on the server's database; resolves to the last
 * line it printed. Throws with its error output when it fails.
 */
export function tremplinCommand(server, args) {
  const run = spawnSync(join(repoRoot, 'target', 'release', 'tremplin'), args, {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: `sqlite://${server.db}`, RUST_LOG: 'warn' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tremplin ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout.trim().split('\n').pop();
}

/** Rows of a query on the server's SQLite file (Debian's sqlite3), as objects. */
export function sqlRows(server, query) {
  const run = spawnSync('sqlite3', ['-json', server.db, query], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr}`);
  return run.stdout.trim() ? JSON.parse(run.stdout) : [];
}

/** The 6-digit TOTP code (RFC 6238: SHA-1, 30 s) of a base32 secret, `offset` steps away. */
export async function totpCode(secret, offset = 0) {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(at) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}
