// The simulated screen in a real browser: the person acts on the item's picture — clicks at the
// coordinates of an element, double-clicks, right-clicks (a menu appears), drags, scrolls a page
// inside its frame, taps and swipes on a touch screen, or uses the keyboard — and the answer is
// stored as that gesture (read back from the server's SQLite file). The test knows the keys from
// the bank's files and answers right, so that the path goes through every skill: it also measures
// how many tasks a confident person sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  startServer, launchBrowser, waitForHydration, axeViolations, ensureArtifacts, storedAnswer, itemSolution,
  itemTargets, sidewaysOverflow, repoRoot,
} from './support.js';

let server;
let swipeServer;
let swipeBank;
let browser;

before(async () => {
  server = await startServer();
  swipeBank = bankWithSwipeFirst();
  swipeServer = await startServer({ bankDir: swipeBank });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await swipeServer?.stop();
  if (swipeBank) rmSync(swipeBank, { recursive: true, force: true });
});

/** The task shown: its item id, the gesture asked (null for a hotspot), its targets in picture units. */
async function taskShown(page) {
  return page.evaluate(() => {
    const screen = document.querySelector('.screen');
    const rects = [...document.querySelectorAll('rect.screen-target')].map((r) => ({
      label: r.getAttribute('data-label'),
      named: r.getAttribute('aria-label'),
      focusable: r.getAttribute('tabindex') === '0' && r.getAttribute('role') === 'button',
      x: +r.getAttribute('x'), y: +r.getAttribute('y'), w: +r.getAttribute('width'), h: +r.getAttribute('height'),
    }));
    return {
      id: document.querySelector('input[name="item_id"]').value,
      screen: !!screen,
      action: screen?.dataset.action ?? null,
      rects,
      fallbackButtons: document.querySelectorAll('form.item button.zone').length,
    };
  });
}

/** Centre of a target on the page, after scrolling it into view inside its frame. */
async function centreOf(page, rect) {
  const loc = page.locator('rect.screen-target').and(page.getByRole('button', { name: rect.label, exact: true }));
  await loc.scrollIntoViewIfNeeded();
  const box = await loc.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const inside = (p, r) => p && p.x >= r.x - 1 && p.x <= r.x + r.w + 1 && p.y >= r.y - 1 && p.y <= r.y + r.h + 1;

/** Answers a non-screen item right from its key (choices, ordering, matching, text). */
async function answerRight(page, id) {
  const key = itemSolution(id);
  if (Array.isArray(key) && await page.locator('select[name^="pos_"]').count()) {
    for (const [k, option] of key.entries()) await page.locator(`select[name="pos_${option}"]`).selectOption(String(k + 1));
  } else if (Array.isArray(key)) {
    for (const option of key) await page.locator(`input[name="choice"][value="${option}"]`).check();
  } else if (key.text !== undefined) {
    await page.locator('form.item input[type="text"]').first().fill(key.text);
  } else {
    for (const [left, right] of Object.entries(key)) await page.locator(`select[name="pair_${left}"]`).selectOption(right);
  }
  await page.getByRole('button', { name: 'Valider' }).click();
}

async function startPremiersPas(page, on = server) {
  await page.goto(on.url + '/premiers-pas');
  await waitForHydration(page);
  await page.getByLabel('Non').check();
  await page.getByRole('button', { name: 'Commencer Premiers pas' }).click();
  await page.waitForURL('**/evaluation');
}

/**
 * Plays Premiers pas to the sheet, doing each screen task with `gesture(page, task, key)`
 * (which returns what it expects stored) and every other item right. Returns the gestures
 * checked and the number of tasks.
 */
async function playPremiersPas(page, on, gesture) {
  const seen = [];
  let tasks = 0;
  while (!page.url().includes('/resultat')) {
    await page.getByRole('heading', { level: 1, name: /^Tâche \d+$/ }).waitFor();
    await waitForHydration(page);
    const task = await taskShown(page);
    tasks += 1;
    assert.ok(tasks <= 40, 'the path ends');
    if (!task.screen) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), answerRight(page, task.id)]);
      const stored = storedAnswer(on, task.id);
      assert.equal(stored?.correct, 1, `${task.id} answered right from its key (${JSON.stringify(stored)})`);
      continue;
    }
    assert.equal(task.fallbackButtons, 0, `${task.id}: the labelled buttons are gone once the page is live`);
    assert.ok(task.rects.every((r) => r.focusable && r.named === r.label), `${task.id}: named targets for the keyboard`);
    assert.equal(await page.getByRole('button', { name: 'Valider', exact: true }).count(), 0, `${task.id}: the gesture is the answer`);
    const key = itemSolution(task.id);
    if (process.env.SCREEN_DEBUG) console.log(`# ${task.id} ${task.action}`);
    let expect;
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10000 }), (async () => {
      expect = await gesture(page, task, key);
    })()]);
    const stored = storedAnswer(on, task.id);
    assert.ok(stored, `${task.id}: an answer is stored`);
    expect(stored.response.task ?? stored.response.point ?? stored.response);
    assert.equal(stored.correct, 1, `${task.id}: the right gesture on the right element is right (${JSON.stringify(stored.response)})`);
    seen.push(task.action ?? 'point');
  }
  await page.getByRole('heading', { level: 1, name: 'Votre bilan Premiers pas' }).waitFor();
  return { seen, tasks };
}

/** Target rectangles of the key, by the labels the bank gives its ids. */
function keyRects(task, key) {
  const labels = itemTargets(task.id);
  const find = (id) => {
    const rect = task.rects.find((r) => r.label === labels[id]);
    assert.ok(rect, `${task.id}: target ${id} on the screen`);
    return rect;
  };
  return Array.isArray(key) ? { target: find(key[0]) } : {
    target: key.target && find(key.target), source: key.source && find(key.source),
  };
}

test('with a mouse: click, double-click, right-click, drag and scroll on the screen are stored as those gestures', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await startPremiersPas(page);
  const axeChecked = new Set();
  const { seen, tasks } = await playPremiersPas(page, server, async (p, task, key) => {
    // axe-core on one task page of each gesture, with a screenshot.
    const gesture = task.action ?? 'point';
    if (!axeChecked.has(gesture)) {
      assert.deepEqual(await axeViolations(p), [], `axe on a screen task (${task.id})`);
      await p.screenshot({ path: join(ensureArtifacts(), `screen-${gesture}.png`), fullPage: true });
      axeChecked.add(gesture);
    }
    const { target, source } = keyRects(task, key);
    switch (task.action) {
      case 'drag': {
        const from = await centreOf(p, source);
        const to = await centreOf(p, target);
        await p.mouse.move(from.x, from.y);
        await p.mouse.down();
        await p.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
        await p.mouse.move(to.x, to.y, { steps: 5 });
        await p.mouse.up();
        return (r) => {
          assert.equal(r.action, 'drag');
          assert.ok(inside(r.from, source) && inside(r.to, target), `drag stored by points ${JSON.stringify(r)}`);
        };
      }
      case 'swipe': {
        await p.locator('svg.screen-surface').scrollIntoViewIfNeeded();
        const box = await p.locator('svg.screen-surface').boundingBox();
        const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        const dx = { left: -150, right: 150, up: 0, down: 0 }[key.direction];
        const dy = { left: 0, right: 0, up: -150, down: 150 }[key.direction];
        await p.mouse.move(start.x, start.y);
        await p.mouse.down();
        await p.mouse.move(start.x + dx, start.y + dy, { steps: 8 });
        await p.mouse.up();
        return (r) => {
          assert.equal(r.action, 'swipe');
          assert.ok(r.from && r.to, `swipe stored by points ${JSON.stringify(r)}`);
        };
      }
      case 'right_click': {
        const at = await centreOf(p, target);
        await p.mouse.click(at.x, at.y, { button: 'right' });
        // The context menu appears before the answer goes.
        await p.locator('g.screen-menu:not([display])').waitFor({ state: 'visible', timeout: 2000 });
        return (r) => {
          assert.equal(r.action, 'right_click');
          assert.ok(inside(r.at, target), `right click stored at ${JSON.stringify(r.at)}`);
        };
      }
      case 'double_click': {
        const at = await centreOf(p, target);
        await p.mouse.dblclick(at.x, at.y);
        return (r) => {
          assert.equal(r.action, 'double_click');
          assert.ok(inside(r.at, target), `double click stored at ${JSON.stringify(r.at)}`);
        };
      }
      default: {
        // click, tap (a mouse click on a phone), scroll_find (scrolled into view first), hotspot.
        const at = await centreOf(p, target);
        await p.mouse.click(at.x, at.y);
        return (r) => {
          if (task.action === null) {
            assert.ok(inside(r, target), `hotspot stored as the point ${JSON.stringify(r)}`);
          } else {
            assert.equal(r.action, task.action);
            assert.ok(inside(r.at, target), `${task.action} stored at ${JSON.stringify(r.at)}`);
          }
        };
      }
    }
  });
  console.log(`# a confident person (mouse) saw ${tasks} tasks; gestures on the screen: ${seen.join(', ')}`);
  for (const g of ['point', 'click', 'double_click', 'right_click', 'drag', 'scroll_find']) {
    assert.ok(seen.includes(g), `the path asked for ${g} (${seen.join(', ')})`);
  }
  assert.deepEqual(errors, [], 'no script error');
  await page.close();
});

/**
 * A copy of the bank where skill b07 ("toucher, balayer") keeps only its swipe task: the path
 * serves at most two tasks per skill, and b07's two easiest are taps, so the real plan never
 * reaches the swipe.
 */
function bankWithSwipeFirst() {
  const dir = mkdtempSync(join(tmpdir(), 'tremplin-bank-'));
  cpSync(join(repoRoot, 'item-bank', 'data'), dir, { recursive: true });
  const file = join(dir, 'items', 'debutants', 'ecran.toml');
  let text = readFileSync(file, 'utf8');
  for (const id of ['deb-b07-toucher-appli-1', 'deb-b07-decrocher-3']) {
    const at = text.indexOf(`id = "${id}"`);
    assert.ok(at >= 0, id);
    const status = text.indexOf('status = "live"', at);
    text = text.slice(0, status) + 'status = "retired"' + text.slice(status + 'status = "live"'.length);
  }
  writeFileSync(file, text);
  return dir;
}

test('on a 390 px touch screen: taps, swipes and drags by finger are stored as those gestures', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  const finger = async (type, x, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(y) }],
  });
  const slide = async (from, to) => {
    await finger('touchStart', from.x, from.y);
    for (let i = 1; i <= 8; i++) await finger('touchMove', from.x + (to.x - from.x) * i / 8, from.y + (to.y - from.y) * i / 8);
    await finger('touchEnd');
  };
  await startPremiersPas(page, swipeServer);
  const wide = [];
  const small = [];
  const { seen } = await playPremiersPas(page, swipeServer, async (p, task, key) => {
    const o = await sidewaysOverflow(p);
    if (o.scrollWidth > o.clientWidth) wide.push(`${task.id}: ${o.culprits.join('; ')}`);
    // Shown at full size, every element of a beginner's screen is at least 44 × 44 px.
    const zoom = p.getByRole('button', { name: "Voir l'écran en grand" });
    await zoom.tap();
    for (const r of await p.locator('rect.screen-target').all()) {
      const box = await r.boundingBox();
      if (box.width < 44 || box.height < 44) small.push(`${task.id} ${await r.getAttribute('data-label')}: ${box.width}×${box.height}`);
    }
    await zoom.tap();
    const { target, source } = keyRects(task, key);
    if (task.action === 'drag') {
      await slide(await centreOf(p, source), await centreOf(p, target));
      return (r) => {
        assert.equal(r.action, 'drag');
        assert.ok(inside(r.from, source) && inside(r.to, target), `drag by finger ${JSON.stringify(r)}`);
      };
    }
    if (task.action === 'swipe') {
      await p.locator('svg.screen-surface').scrollIntoViewIfNeeded();
      const box = await p.locator('svg.screen-surface').boundingBox();
      const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const d = { left: [-120, 0], right: [120, 0], up: [0, -120], down: [0, 120] }[key.direction];
      await slide(c, { x: c.x + d[0], y: c.y + d[1] });
      return (r) => {
        assert.equal(r.action, 'swipe');
        assert.ok(r.from && r.to, `swipe stored by points ${JSON.stringify(r)}`);
      };
    }
    if (task.action === 'double_click') {
      const at = await centreOf(p, target);
      await p.touchscreen.tap(at.x, at.y);
      await p.touchscreen.tap(at.x, at.y);
      return (r) => assert.equal(r.action, 'double_click');
    }
    if (task.action === 'right_click') {
      // A long press opens the menu on a touch screen; here the keyboard's way is used.
      await p.locator('rect.screen-target').and(p.getByRole('button', { name: target.label, exact: true })).focus();
      await p.keyboard.press('Shift+F10');
      return (r) => assert.deepEqual(r, { action: 'right_click', target: key.target });
    }
    const at = await centreOf(p, target);
    await p.touchscreen.tap(at.x, at.y);
    return (r) => {
      if (task.action === null) assert.ok(inside(r, target), `hotspot tapped ${JSON.stringify(r)}`);
      else assert.ok(inside(r.at, target), `${task.action} tapped at ${JSON.stringify(r)}`);
    };
  });
  // b02…b07 start with these gestures whatever the order drawn (b07 is the swipe in this bank).
  for (const g of ['click', 'double_click', 'scroll_find', 'drag', 'swipe']) {
    assert.ok(seen.includes(g), `the path asked for ${g} (${seen.join(', ')})`);
  }
  assert.deepEqual(wide, [], 'nothing scrolls sideways');
  assert.deepEqual(small, [], 'targets of 44 px or more on the full-size screen');
  assert.deepEqual(errors, [], 'no script error');
  await context.close();
});

test('with the keyboard only: Tab to an element, Enter, Shift+F10, Space then Enter to drag, arrows to swipe', async () => {
  const page = await browser.newPage();
  await startPremiersPas(page, swipeServer);
  const { seen } = await playPremiersPas(page, swipeServer, async (p, task, key) => {
    const { target, source } = keyRects(task, key);
    const focus = async (rect) => {
      for (let i = 0; i < 60; i++) {
        await p.keyboard.press('Tab');
        if (await p.evaluate(() => document.activeElement?.getAttribute('aria-label')) === rect.label) return;
      }
      assert.fail(`${task.id}: ${rect.label} not reachable with Tab`);
    };
    if (task.action === 'swipe') {
      for (let i = 0; i < 60 && !(await p.evaluate(() => document.activeElement?.matches('svg.screen-surface'))); i++) {
        await p.keyboard.press('Tab');
      }
      await p.keyboard.press({ left: 'ArrowLeft', right: 'ArrowRight', up: 'ArrowUp', down: 'ArrowDown' }[key.direction]);
      return (r) => assert.deepEqual(r, { action: 'swipe', direction: key.direction });
    }
    if (task.action === 'drag') {
      await focus(source);
      await p.keyboard.press('Space');
      await p.getByRole('status').filter({ hasText: 'est pris' }).waitFor();
      await focus(target);
      await p.keyboard.press('Enter');
      return (r) => assert.deepEqual(r, { action: 'drag', source: key.source, target: key.target });
    }
    await focus(target);
    if (task.action === 'right_click') {
      await p.keyboard.press('Shift+F10');
      return (r) => assert.deepEqual(r, { action: 'right_click', target: key.target });
    }
    await p.keyboard.press('Enter');
    const id = Array.isArray(key) ? key[0] : key.target;
    return (r) => {
      if (task.action === null) assert.deepEqual(r, { choices: [id] });
      else assert.deepEqual(r, { action: task.action, target: id });
    };
  });
  for (const g of ['click', 'double_click', 'right_click', 'drag', 'swipe', 'point']) {
    assert.ok(seen.includes(g), `${g} by keyboard (${seen.join(', ')})`);
  }
  await page.close();
});

test('without JavaScript the screen is a picture and the labelled buttons answer', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/premiers-pas');
  await page.getByLabel('Non').check();
  await page.getByRole('button', { name: 'Commencer Premiers pas' }).click();
  await page.waitForURL('**/evaluation');
  // Go to the first screen task, saying "Je n'y arrive pas" to the others.
  for (let i = 0; i < 12; i++) {
    const task = await taskShown(page);
    if (task.screen && task.action !== 'swipe') {
      assert.ok(task.rects.length > 0 && task.rects.every((r) => !r.focusable && !r.named),
        'no keyboard targets that cannot work');
      assert.ok(task.fallbackButtons > 0 || await page.locator('select[name="source"]').count(), 'the fallback is there');
      const key = itemSolution(task.id);
      const id = Array.isArray(key) ? key[0] : key.target;
      if (task.action === 'drag') {
        await page.locator('select[name="source"]').selectOption(key.source);
        await page.locator('select[name="target"]').selectOption(key.target);
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Valider' }).click()]);
      } else {
        await Promise.all([page.waitForNavigation(), page.locator(`button.zone[value="${id}"]`).click()]);
      }
      const stored = storedAnswer(server, task.id);
      assert.equal(stored.correct, 1, `${task.id} answered by its button: ${JSON.stringify(stored.response)}`);
      await context.close();
      return;
    }
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Je n'y arrive pas" }).click()]);
  }
  assert.fail('no screen task among the first 12');
});
