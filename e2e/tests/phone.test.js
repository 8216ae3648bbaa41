// Issue 7, "as a person sees it on a phone": a whole run on a 390 × 844 touch screen. No page
// scrolls sideways; the result chart's text is at least 12 px; the answers are grouped by domain,
// folded, and open by touch or keyboard; printing shows every explanation; axe-core passes at
// that size. Screenshots of each kind of page go to e2e/artifacts/phone/ for a person to judge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  startServer, launchBrowser, waitForHydration, axeViolations, ensureArtifacts, answerByMouse,
  runToResult, itemKind, sidewaysOverflow,
} from './support.js';

const PHONE = { width: 390, height: 844 };

let server;
let browser;
let context;
/** The result page reached by the first test, used by the others. */
let result;
const pageErrors = [];
const shots = join(ensureArtifacts(), 'phone');

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR',
  });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** What is wrong with the page's width: [] when it fits a screen `width` px wide. */
async function sidewaysScrollProblems(page, what, width = PHONE.width) {
  const o = await sidewaysOverflow(page);
  if (o.clientWidth !== width) return [`${what}: laid out for ${o.clientWidth} px, not ${width} px`];
  if (o.scrollWidth <= o.clientWidth) return [];
  return [`${what} scrolls sideways: ${o.scrollWidth} px wide on a ${o.clientWidth} px screen; too wide: ${o.culprits.join('; ')}`];
}

async function assertNoSidewaysScroll(page, what, width = PHONE.width) {
  assert.deepEqual(await sidewaysScrollProblems(page, what, width), []);
}

/** The size in CSS pixels at which each text of the result chart is drawn. */
async function chartTextPixels(page) {
  return page.locator('figure svg text').evaluateAll((texts) => texts.map((t) => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  }));
}

/** Whether each explanation of the page is shown (not inside a folded group, not hidden). */
async function explanationsShown(locator) {
  return locator.locator('.explanation').evaluateAll((els) => els.map((e) => e.checkVisibility()));
}

test('no page of a whole run scrolls sideways on a 390 px phone', async (t) => {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url + '/');
  await waitForHydration(page);
  // Every page is measured; the problems are reported together at the end of the run.
  const problems = await sidewaysScrollProblems(page, 'the home page');
  await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });

  await page.getByRole('button', { name: 'Commencer le test' }).tap();
  await page.waitForURL('**/evaluation');
  const kindsShown = new Set();
  let items = 0;
  await runToResult(page, (p, step) => answerByMouse(p, step, { touch: true }), async (p, kind) => {
    if (kind === 'item') {
      items += 1;
      const way = await itemKind(p);
      problems.push(...await sidewaysScrollProblems(p, `question ${items} (${way})`));
      if (!kindsShown.has(way)) {
        kindsShown.add(way);
        await p.screenshot({ path: join(shots, `item-${String(items).padStart(2, '0')}-${way}.png`), fullPage: true });
      }
    } else if (kind === 'done') {
      problems.push(...await sidewaysScrollProblems(p, 'the end page'));
      await p.screenshot({ path: join(shots, 'done.png'), fullPage: true });
    }
  });
  assert.ok(kindsShown.size >= 3, `a run shows several ways to answer (${[...kindsShown].join(', ')})`);

  await waitForHydration(page);
  await page.getByRole('button', { name: 'Imprimer mon résultat' }).waitFor({ timeout: 10000 });
  result = page;
  problems.push(...await sidewaysScrollProblems(page, 'the result page'));
  await page.screenshot({ path: join(shots, 'result.png'), fullPage: true });
  t.diagnostic(`${items} questions; result page ${await page.evaluate(() => document.documentElement.scrollHeight)} px long at 390 px, answers folded`);

  // WCAG's reflow width: the result still fits a 320 px screen.
  await page.setViewportSize({ width: 320, height: 700 });
  problems.push(...await sidewaysScrollProblems(page, 'the result page at 320 px', 320));
  await page.setViewportSize(PHONE);
  assert.deepEqual(problems, [], 'every page fits the screen\'s width');
});

test('the result chart draws its text at 12 px or more on the phone, and not huge on a desktop', async (t) => {
  assert.ok(result, 'the run reached the result page');
  const sizes = await chartTextPixels(result);
  assert.equal(sizes.length, 16 + 9, 'a code per competence and the levels 0 to 8');
  const smallest = Math.min(...sizes);
  t.diagnostic(`chart text ${smallest.toFixed(1)} px at 390 px`);
  assert.ok(smallest >= 12, `chart text ${smallest.toFixed(1)} px on a phone`);

  await result.setViewportSize({ width: 1280, height: 900 });
  const largest = Math.max(...await chartTextPixels(result));
  await result.setViewportSize(PHONE);
  t.diagnostic(`chart text ${largest.toFixed(1)} px at 1280 px`);
  assert.ok(largest <= 20, `chart text ${largest.toFixed(1)} px on a desktop`);
});

test('the answers are folded by domain and open by touch or keyboard', async () => {
  assert.ok(result, 'the run reached the result page');
  const groups = result.locator('details.review-group');
  const count = await groups.count();
  assert.ok(count >= 2, `one group per domain answered (${count})`);
  for (let i = 0; i < count; i++) {
    assert.equal(await groups.nth(i).evaluate((d) => d.open), false, `group ${i + 1} folded at first`);
    const summary = groups.nth(i).locator('summary');
    const box = await summary.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `group ${i + 1}: a 44 px touch target (${box.width} × ${box.height})`);
  }
  assert.ok((await explanationsShown(result)).every((shown) => !shown), 'no explanation shown while folded');

  // A finger opens the first group: its explanations show.
  const first = groups.nth(0);
  await first.locator('summary').tap();
  assert.equal(await first.evaluate((d) => d.open), true, 'the tapped group opens');
  const firstShown = await explanationsShown(first);
  assert.ok(firstShown.length >= 1 && firstShown.every(Boolean), 'the explanations of the open group show');

  // The keyboard reaches the next group with Tab, shows where the focus is, and opens it with Enter.
  await first.locator('summary').focus();
  await result.keyboard.press('Tab');
  const second = groups.nth(1);
  const focus = await second.locator('summary').evaluate((s) => ({
    focused: document.activeElement === s,
    visible: s.matches(':focus-visible'),
    outline: getComputedStyle(s).outlineStyle,
    width: parseFloat(getComputedStyle(s).outlineWidth),
  }));
  assert.ok(focus.focused, 'Tab moves from one group to the next');
  assert.ok(focus.visible && focus.outline !== 'none' && focus.width >= 2, `a visible focus (${JSON.stringify(focus)})`);
  await result.keyboard.press('Enter');
  assert.equal(await second.evaluate((d) => d.open), true, 'Enter opens the group');
  assert.ok((await explanationsShown(second)).every(Boolean), 'its explanations show');
  await result.screenshot({ path: join(shots, 'result-open.png') });
  await assertNoSidewaysScroll(result, 'the result page with groups open');
  assert.deepEqual(await axeViolations(result), [], 'result page with groups open');
});

test('printing the result shows every explanation and hides navigation, buttons and consent', async () => {
  assert.ok(result, 'the run reached the result page');
  await result.locator('details.review-group').evaluateAll((all) => all.forEach((d) => { d.open = false; }));
  assert.ok((await explanationsShown(result)).every((shown) => !shown), 'folded on screen');
  await result.emulateMedia({ media: 'print' });
  try {
    const shown = await explanationsShown(result);
    assert.ok(shown.length >= 1, 'answers with explanations');
    assert.equal(shown.filter(Boolean).length, shown.length, 'every explanation is printed');
    assert.equal(await result.locator('header.site-header').isVisible(), false);
    assert.equal(await result.getByRole('button', { name: 'Imprimer mon résultat' }).isVisible(), false);
    assert.equal(await result.getByRole('button', { name: 'Envoyer le résumé anonyme' }).isVisible(), false);
    await result.pdf({ path: join(shots, 'result.pdf'), format: 'A4' });
  } finally {
    await result.emulateMedia({ media: 'screen' });
  }
  assert.ok((await explanationsShown(result)).every((shown) => !shown), 'folded again on screen');
});

test('the result page passes axe on a phone, and no script error happened', async () => {
  assert.ok(result, 'the run reached the result page');
  assert.deepEqual(await axeViolations(result), [], 'result page, answers folded');
  assert.deepEqual(pageErrors, [], 'no script error in the browser');
});
