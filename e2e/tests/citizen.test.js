// A complete citizen run in a real browser: by mouse (hydrated), by keyboard only, and with
// JavaScript disabled; axe-core on the home, item and result pages; a screenshot of the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startServer, launchBrowser, waitForHydration, axeViolations, ensureArtifacts, answerByMouse,
  runToResult,
} from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a citizen completes the assessment with the mouse, and the pages pass axe', async () => {
  const page = await browser.newPage();
  // A hydration mismatch shows up as a panic in the WASM bundle: none may happen.
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url + '/');
  await waitForHydration(page);
  assert.deepEqual(await axeViolations(page), [], 'home page');

  await page.getByRole('button', { name: 'Commencer le test' }).click();
  await page.waitForURL('**/evaluation');
  await waitForHydration(page);
  assert.deepEqual(await axeViolations(page), [], 'item page');
  const progress = page.getByRole('progressbar');
  assert.equal(await progress.count(), 1, 'a progress bar');

  const steps = await runToResult(page, answerByMouse);
  assert.ok(steps >= 1);
  await waitForHydration(page);
  assert.equal(await page.getByRole('table').count() >= 1, true, 'a table alternative to the chart');
  assert.equal(await page.locator('figure svg').count(), 1, 'a chart');
  await page.getByRole('button', { name: 'Imprimer mon résultat' }).waitFor({ timeout: 10000 });
  assert.deepEqual(await axeViolations(page), [], 'result page');
  assert.deepEqual(pageErrors, [], 'no script error in the browser');
  const dir = ensureArtifacts();
  await page.screenshot({ path: join(dir, 'result.png'), fullPage: true });

  // Printing keeps the result and drops the navigation, buttons and consent form.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Votre résultat' }).isVisible());
  assert.ok(await page.locator('figure svg').isVisible());
  assert.equal(await page.locator('header.site-header').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Imprimer mon résultat' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Envoyer le résumé anonyme' }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });

  // The optional consent, without any of the optional fields.
  await page.getByLabel("J'accepte de donner un résumé anonyme de mes niveaux").check();
  await page.getByRole('button', { name: 'Envoyer le résumé anonyme' }).click();
  await page.getByText('votre résumé anonyme a bien été enregistré').waitFor();
  await page.close();
});

test('a citizen completes the assessment with the keyboard only', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/');
  await waitForHydration(page);
  // Tab from the top of the page to the start button.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === 'Commencer le test') break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL('**/evaluation');

  const steps = await runToResult(page, async (p, step) => {
    // Walk the focus through the form; tick/type what is there, then press the right button.
    let answered = false;
    for (let i = 0; i < 60; i++) {
      await p.keyboard.press('Tab');
      const el = await p.evaluate(() => {
        const a = document.activeElement;
        return { tag: a?.tagName, type: a?.getAttribute('type'), text: a?.textContent?.trim(), cls: a?.className };
      });
      if (el.tag === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox') && !answered && step % 3 !== 2) {
        await p.keyboard.press('Space');
        answered = true;
      } else if (el.tag === 'INPUT' && el.type === 'text' && step % 3 !== 2) {
        await p.keyboard.type('réponse');
        answered = true;
      } else if (el.tag === 'BUTTON' && el.text === 'Valider' && answered) {
        await p.keyboard.press('Enter');
        return;
      } else if (el.tag === 'BUTTON' && el.text === 'Je ne sais pas') {
        await p.keyboard.press('Enter');
        return;
      }
    }
    assert.fail('the answer buttons cannot be reached with Tab');
  });
  assert.ok(steps >= 1);
  await page.close();
});

test('the whole path works with JavaScript disabled', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.getByRole('button', { name: 'Commencer le test' }).click();
  await page.waitForURL('**/evaluation');
  // Leave and come back: the test resumes on the same device.
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: 'Reprendre mon test' }).click();
  await page.waitForURL('**/evaluation');
  const steps = await runToResult(page, (p, step) => answerByMouse(p, step, { script: false }));
  assert.ok(steps >= 1);
  assert.equal(await page.locator('body[data-hydrated]').count(), 0, 'no script ran');
  assert.equal(await page.getByRole('table').count() >= 1, true);
  await context.close();
});

test('the accessibility declaration and the privacy page are reached from the footer and pass axe', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '/');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Accessibilité : non conforme' }).click();
  await page.waitForURL('**/accessibilite');
  await page.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" }).waitFor();
  assert.ok(await page.getByText('Défenseur des droits').first().isVisible());
  await waitForHydration(page);
  assert.deepEqual(await axeViolations(page), [], 'the accessibility declaration');
  await page.getByRole('link', { name: 'Vos données' }).click();
  await page.waitForURL('**/confidentialite');
  await page.getByRole('heading', { level: 2, name: 'Combien de temps' }).waitFor();
  assert.ok(await page.getByText('effacé 30 jours après son début').isVisible());
  await waitForHydration(page);
  assert.deepEqual(await axeViolations(page), [], 'the privacy page');
  assert.deepEqual(errors, [], 'no script error');
  await page.close();
});
