// The observatory's public pages in a real browser, on synthetic records (`tremplin observatory
// seed`): the month's levels, the map of the départements and its table, a competence chosen
// with the keyboard alone, the months before, Premiers pas orientations, the method and the open
// data; axe-core passes on each page, and nothing scrolls sideways on a 390 px phone. Then an analyst signs in with the
// second factor, reads the département × age group table and downloads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  startServer, launchBrowser, axeViolations, tremplinCommand, sidewaysOverflow, ensureArtifacts, totpCode,
} from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  // 20,000 fictitious records over the last 3 closed months, then their release.
  tremplinCommand(server, ['observatory', 'seed', '--records', '20000', '--months', '3', '--seed', '7']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${where}`);
}

test('the month, the map and its table say the same, and a competence is chosen by keyboard', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/observatoire`);
  await page.getByRole('heading', { level: 1, name: 'Observatoire des compétences numériques' }).waitFor();
  await noViolations(page, 'the observatory');

  // The map: one outline per département, labelled, with a legend.
  const map = page.getByRole('img', { name: /Carte des départements/ });
  await map.waitFor();
  assert.equal(await map.locator('path.dep').count(), 101);
  const titles = await map.locator('path.dep title').allTextContents();
  const coloured = titles.filter((t) => /\d+\u202f%$/.test(t));
  // The legend's swatches show the map's colours (no inline style: the CSP forbids it).
  const swatch = await page.locator('.legend .swatch.c4').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(swatch, 'rgb(37, 52, 148)');
  assert.ok(coloured.length >= 10, `départements coloured with their région's share: ${coloured.length}`);

  // The table alternative, opened with the keyboard, gives the same share for each of them.
  const summary = page.locator('summary', { hasText: 'Les chiffres de la carte en tableau' });
  await summary.focus();
  await page.keyboard.press('Enter');
  const table = page.getByRole('table', { name: 'Personnes par département, et part au niveau 1 ou plus dans sa région' });
  await table.waitFor();
  for (const title of coloured.slice(0, 10)) {
    const [, code, region, share] = title.match(/^(\S+) .+ \((.+)\) : (.+)$/);
    const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${code} `) }) });
    assert.equal((await row.locator('td').nth(1).textContent()).trim(), region, title);
    assert.equal((await row.locator('td').nth(2).textContent()).trim(), share, title);
  }
  await noViolations(page, 'the observatory with its map table open');

  // The months before: three released months in the trend table.
  const trend = page.getByRole('table', { name: /mois par mois/ });
  assert.equal(await trend.locator('tbody tr').count(), 3);

  // Premiers pas: the help proposed, for the country and each région (about 830 synthetic
  // beginners a month: most large counts are published, and never one of 1 to 10).
  const beginners = page.getByRole('table', { name: /^Premiers pas, .+ : personnes par aide proposée/ });
  assert.equal(await beginners.locator('tbody tr').count(), 19, 'the country and 18 régions');
  const shown = await beginners.locator('tbody td').allTextContents();
  for (const c of shown) {
    assert.match(c, /^(masqué|0|\d[\d\u202f]*( \(\d+\u202f%\))?)$/);
    const n = c.match(/^(\d[\d\u202f]*)/);
    if (n) assert.ok(Number(n[1].replace(/\u202f/g, '')) >= 11 || n[1] === '0', c);
  }
  assert.ok(shown.filter((c) => /%\)$/.test(c)).length >= 10, `shares published: ${shown.join(' | ')}`);

  // Keyboard only: the competence list, then "Afficher".
  await page.getByLabel('Compétence').focus();
  await page.keyboard.press('End'); // the last competence, 5.2
  await page.keyboard.press('Tab'); // the month
  await page.keyboard.press('Tab'); // the button
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /competence=5\.2/);
  await page.getByRole('heading', { level: 2, name: /^France entière — 5\.2 / }).waitFor();
  await noViolations(page, 'the observatory for 5.2');
  await page.screenshot({ path: join(ensureArtifacts(), 'observatoire.png'), fullPage: true });
  await page.close();
});

test('on a phone, the page does not scroll sideways; the method and the open data pass axe', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/observatoire`);
  const overflow = await sidewaysOverflow(page);
  assert.ok(overflow.scrollWidth <= overflow.clientWidth, JSON.stringify(overflow));
  await page.screenshot({ path: join(ensureArtifacts(), 'observatoire-390.png'), fullPage: true });

  await page.getByRole('link', { name: 'Comment ces chiffres sont faits' }).click();
  await page.getByRole('heading', { level: 1, name: /Comment les chiffres/ }).waitFor();
  await noViolations(page, 'the method page');
  await page.goBack();
  await page.getByRole('link', { name: 'Télécharger les données' }).click();
  await page.getByRole('heading', { level: 1, name: "Les données de l'observatoire" }).waitFor();
  await noViolations(page, 'the open data page');
  const csv = await page.request.get(`${server.url}/observatoire/donnees/niveaux-departements.csv`);
  assert.equal(csv.status(), 200);
  const lines = (await csv.text()).trim().split('\n');
  assert.equal(lines[0], 'month,departement,competence,count,at_least_basic,'
    + 'share_level_0,share_level_1,share_level_2,share_level_3,share_level_4,share_level_5,'
    + 'share_level_6,share_level_7,share_level_8');
  assert.equal(lines.length - 1, 3 * 101 * 16, 'a row per month, département and competence');
  await context.close();
});

test('an analyst signs in with the second factor, reads the cross-table by keyboard and downloads it', async () => {
  const structure = tremplinCommand(server, ['admin', 'create-structure', '--name', 'Observatoire régional (fictif)']);
  const link = tremplinCommand(server, ['admin', 'invite', '--role', 'analyst', '--structure', structure,
    '--email', 'analyste@exemple.fr']);
  const password = 'une phrase assez longue pour tenir';
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const go = (locator) => Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  await page.goto(`${server.url}/invitation/${link.split('/').pop()}`);
  await page.getByLabel('Mot de passe choisi').fill(password);
  await go(page.getByRole('button', { name: 'Créer mon compte' }));
  await page.getByLabel('Adresse e-mail').fill('analyste@exemple.fr');
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await go(page.getByRole('button', { name: 'Se connecter' }));

  // The second factor first: nothing else opens before it.
  await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
  const blocked = await page.request.get(`${server.url}/observatoire/analyse`, { maxRedirects: 0 });
  assert.equal(blocked.status(), 303);
  const secret = (await page.locator('code.secret').textContent()).trim();
  await page.getByLabel('Code à usage unique').fill(await totpCode(secret));
  await go(page.getByRole('button', { name: 'Activer' }));

  // Straight to the analysts' page, never to the mediators' space.
  await page.getByRole('heading', { level: 1, name: 'Tableaux des analystes' }).waitFor();
  assert.match(page.url(), /\/observatoire\/analyse$/);
  await noViolations(page, "the analysts' page");
  const table = page.getByRole('table', { name: /personnes mesurées par département et tranche d'âge/ });
  assert.equal(await table.locator('tbody tr').count(), 101, 'every département');
  const cells = await table.locator('tbody td').allTextContents();
  assert.ok(cells.some((c) => /^\d[\d\u202f]* personnes, \d+\u202f% au niveau 1 ou plus$/.test(c)),
    'published counts and shares');
  for (const c of cells) {
    assert.match(c, /^(masqué|aucune personne|\d[\d\u202f]* personnes, (part masquée|\d+\u202f% au niveau 1 ou plus))$/);
    const n = c.match(/^(\d[\d\u202f]*) personnes/);
    if (n) assert.ok(Number(n[1].replace(/\u202f/g, '')) >= 11, c);
  }

  // Keyboard only: a région, then "Afficher".
  await page.getByLabel('Région', { exact: true }).focus();
  await page.keyboard.press('End'); // the last région in the list
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /region=\d+/);
  assert.ok(await table.locator('tbody tr').count() < 101, "only the région's départements");
  await noViolations(page, "the analysts' page for one région");

  // The whole table as CSV: a row per month, département and age group.
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Personnes : fichier CSV' }).click(),
  ]);
  assert.equal(file.suggestedFilename(), 'analyse-departements-ages.csv');
  const lines = (await readFile(await file.path(), 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'month,departement,age_group,count');
  assert.equal(lines.length - 1, 3 * 101 * 4);
  for (const line of lines.slice(1)) {
    const count = line.split(',')[3];
    assert.ok(count === '' || count === '0' || Number(count) >= 11, line);
  }
  // The shares by competence: a row per month, département, age group and competence; a share
  // only with its count.
  const [shares] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Parts par compétence : fichier CSV' }).click(),
  ]);
  assert.equal(shares.suggestedFilename(), 'analyse-competences.csv');
  const rows = (await readFile(await shares.path(), 'utf8')).trim().split('\n');
  assert.equal(rows[0], 'month,departement,age_group,competence,count,at_least_basic');
  assert.equal(rows.length - 1, 3 * 101 * 4 * 16);
  let withShare = 0;
  for (const line of rows.slice(1)) {
    const [, , , , count, share] = line.split(',');
    if (share !== '') {
      withShare += 1;
      assert.ok(Number(count) >= 11 && Number(share) >= 0 && Number(share) <= 1, line);
    }
  }
  assert.ok(withShare > 0, 'some shares are published');

  // On a phone, the page does not scroll sideways (the table scrolls in its own region).
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await sidewaysOverflow(page);
  assert.ok(overflow.scrollWidth <= overflow.clientWidth, JSON.stringify(overflow));
  await page.screenshot({ path: join(ensureArtifacts(), 'observatoire-analyse-390.png'), fullPage: true });
  await context.close();
});
