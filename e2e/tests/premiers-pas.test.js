// Premiers pas in a real browser: from the home page to the sheet by mouse, on a 390 px touch
// screen, by keyboard only, and with JavaScript disabled. "Écouter" is there (and labelled) once
// the page is live, never without JavaScript; axe-core passes on the start page, a task and the
// sheet; the sheet finds the fictitious sample places near a postcode and takes the consent to
// the observatory by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startServer, launchBrowser, waitForHydration, axeViolations, ensureArtifacts, sidewaysOverflow,
} from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer({ places: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const CANT = "Je n'y arrive pas";

/** Says "Je n'y arrive pas" to every task with `press`; returns the number of tasks. */
async function cantDoAnything(page, press, onTask = async () => {}) {
  let tasks = 0;
  while (!page.url().includes('/resultat')) {
    await page.getByRole('heading', { level: 1, name: /^Tâche \d+$/ }).waitFor();
    await onTask(page);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), press(page)]);
    tasks += 1;
    assert.ok(tasks <= 12, `a person who can do nothing sees at most 12 tasks (${tasks})`);
  }
  await page.getByRole('heading', { level: 1, name: 'Votre bilan Premiers pas' }).waitFor();
  return tasks;
}

test('a beginner goes from the home page to the sheet by mouse, hears the instructions, finds places', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '/');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Découvrir Premiers pas' }).click();
  await page.waitForURL('**/premiers-pas');
  await waitForHydration(page);
  assert.deepEqual(await axeViolations(page), [], 'start page');
  await page.getByLabel('Non').check();
  await page.getByRole('button', { name: 'Commencer Premiers pas' }).click();
  await page.waitForURL('**/evaluation');
  await waitForHydration(page);
  const listen = page.getByRole('button', { name: 'Écouter' });
  await listen.waitFor({ timeout: 10000 });
  await listen.click();
  assert.ok(await page.getByLabel('Lire chaque consigne à voix haute').isVisible());
  const box = await page.getByRole('button', { name: CANT }).boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `a large target: ${box.width}×${box.height}`);
  assert.deepEqual(await axeViolations(page), [], 'a task');
  await page.screenshot({ path: join(ensureArtifacts(), 'premiers-pas-task.png'), fullPage: true });

  const tasks = await cantDoAnything(page, (p) => p.getByRole('button', { name: CANT }).click());
  assert.equal(tasks, 8);
  await waitForHydration(page);
  assert.ok(await page.getByText('Un conseiller numérique peut vous aider').isVisible());
  assert.deepEqual(await axeViolations(page), [], 'the sheet');
  await page.getByLabel('Votre code postal ou votre département').fill('35000');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByRole('heading', { level: 3, name: /Espace numérique fictif des Lices/ }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the sheet with places');
  // A one-page sheet to print: the skills, the advice and the places, without the forms.
  await page.getByRole('button', { name: 'Imprimer ma fiche' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByText('Cliquer sur une cible').isVisible());
  assert.ok(await page.getByRole('heading', { level: 3, name: /Espace numérique fictif des Lices/ }).isVisible());
  assert.equal(await page.getByRole('button', { name: 'Chercher' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Imprimer ma fiche' }).isVisible(), false);
  await page.pdf({ path: join(ensureArtifacts(), 'premiers-pas-sheet.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: join(ensureArtifacts(), 'premiers-pas-sheet.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script error');
  await page.close();
});

test('on a 390 px touch screen nothing scrolls sideways', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR',
  });
  const page = await context.newPage();
  const wide = [];
  const check = async (p, what) => {
    const o = await sidewaysOverflow(p);
    if (o.scrollWidth > o.clientWidth) wide.push(`${what}: ${o.scrollWidth} px (${o.culprits.join('; ')})`);
  };
  await page.goto(server.url + '/premiers-pas');
  await check(page, 'start');
  await page.getByLabel('Oui').tap();
  await page.getByRole('button', { name: 'Commencer Premiers pas' }).tap();
  await page.waitForURL('**/evaluation');
  let n = 0;
  await cantDoAnything(page, (p) => p.getByRole('button', { name: CANT }).tap(),
    async (p) => check(p, `task ${++n}`));
  await check(page, 'sheet');
  assert.ok(await page.getByText('France Services').first().isVisible(), 'urgence');
  assert.deepEqual(wide, []);
  await context.close();
});

test('a beginner goes through with the keyboard only', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/premiers-pas');
  await waitForHydration(page);
  const focusOn = async (match) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const a = document.activeElement;
        return { text: a?.textContent?.trim(), id: a?.id };
      });
      if (match(el)) return;
    }
    assert.fail('not reachable with Tab');
  };
  await focusOn((el) => el.id === 'urgent-oui');
  await page.keyboard.press('ArrowDown'); // to "Non"
  await focusOn((el) => el.text === 'Commencer Premiers pas');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/evaluation');
  const tasks = await cantDoAnything(page, async (p) => {
    await focusOn((el) => el.text === CANT);
    await p.keyboard.press('Enter');
  });
  assert.equal(tasks, 8);
  // The observatory, in easy-to-read words: tick with Space, send with Enter.
  await waitForHydration(page);
  await page.getByRole('heading', { level: 2, name: 'Aider à compter (si vous voulez)' }).waitFor();
  await focusOn((el) => el.id === 'consent');
  await page.keyboard.press('Space');
  await focusOn((el) => el.text === 'Envoyer');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  await page.getByText('Merci. Votre résultat est envoyé, sans votre nom.').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the sheet after the consent');
  await page.close();
});

test('Premiers pas works with JavaScript disabled, without « Écouter »', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/premiers-pas');
  await page.getByRole('button', { name: 'Commencer Premiers pas' }).click();
  await page.waitForURL('**/evaluation');
  assert.equal(await page.getByRole('button', { name: 'Écouter' }).count(), 0, 'no button that cannot work');
  const tasks = await cantDoAnything(page, (p) => p.getByRole('button', { name: CANT }).click());
  assert.equal(tasks, 8);
  await page.getByLabel('Votre code postal ou votre département').fill('2A');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByRole('heading', { level: 3, name: /Lieu fictif de médiation d'Ajaccio/ }).waitFor();
  await context.close();
});
