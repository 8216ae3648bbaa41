// The mediators' space in a real browser: an invitation accepted, signing in, a person
// registered, a guided Premiers pas with the mediator's observations and "Terminer", a diagnostic
// joined by code in a second browser (a phone), a structure admin's second factor and team page,
// signing out; two diagnostics of one person: progress, the printed report, the exports.
// axe-core passes on every page of the space and on the code page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, launchBrowser, axeViolations, tremplinCommand, sqlRows, totpCode, sidewaysOverflow,
  ensureArtifacts,
} from './support.js';

let server;
let browser;

before(async () => {
  // Every test signs in from the same address, several times: more than the default burst of
  // sign-in attempts (the limit itself is tested in the black-box suite).
  server = await startServer({ env: { TREMPLIN_LOGINS_BURST: '40' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const PASSWORD = 'une phrase assez longue pour tenir';

async function noViolations(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${where}`);
}

/** Clicks and waits for the page it loads. */
async function go(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

/** Accepts an invitation link in `page` and signs in. */
async function acceptAndSignIn(page, link, email) {
  await page.goto(`${server.url}/invitation/${link.split('/').pop()}`);
  await page.getByRole('heading', { level: 1, name: 'Créer votre compte' }).waitFor();
  await noViolations(page, 'the invitation page');
  await page.getByLabel('Mot de passe choisi').fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Créer mon compte' }));
  await page.getByRole('heading', { level: 1, name: "Connexion à l'espace médiation" }).waitFor();
  await page.getByRole('status').waitFor();
  await noViolations(page, 'the sign-in page');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Se connecter' }));
}

test('a mediator runs a guided Premiers pas and a person joins another diagnostic by code', async () => {
  const structure = tremplinCommand(server, ['admin', 'create-structure', '--name', 'Médiathèque des Tilleuls (fictive)']);
  const link = tremplinCommand(server, ['admin', 'invite', '--role', 'mediator', '--structure', structure,
    '--email', 'mediatrice@exemple.fr']);
  const context = await browser.newContext();
  const page = await context.newPage();
  await acceptAndSignIn(page, link, 'mediatrice@exemple.fr');

  // The list, then a person registered with their agreement.
  await page.getByRole('heading', { level: 1, name: 'Personnes accompagnées' }).waitFor();
  await noViolations(page, 'the list of people');
  await page.getByLabel('Prénom ou pseudonyme').fill('Rose (fictive)');
  await page.getByLabel("Tranche d'âge").selectOption('60-64');
  await page.getByLabel("La personne est d'accord pour que ces informations soient gardées.").check();
  await go(page, page.getByRole('button', { name: 'Enregistrer' }));
  await page.getByRole('heading', { level: 1, name: 'Rose (fictive)' }).waitFor();
  await noViolations(page, "a person's page");

  // A guided Premiers pas on this device: the observation goes with each task.
  await go(page, page.getByRole('button', { name: 'Commencer' }));
  await page.getByRole('heading', { level: 1, name: /^Tâche 1$/ }).waitFor();
  await page.getByRole('group', { name: "Ce que j'observe (accompagnant)" }).waitFor();
  await noViolations(page, 'a guided task');
  await page.getByLabel("Avec de l'aide").check();
  await page.getByLabel('Commentaire (280 caractères au plus)').fill('Cherche la souris des yeux.');
  await go(page, page.getByRole('button', { name: "Je n'y arrive pas" }));
  await page.getByRole('heading', { level: 1, name: /^Tâche 2$/ }).waitFor();
  const stored = sqlRows(server, 'SELECT observation, comment FROM observations');
  assert.deepEqual(stored, [{ observation: 'avec_aide', comment: 'Cherche la souris des yeux.' }]);

  // "Terminer": back to the person's page; this device no longer holds the test.
  await go(page, page.getByRole('button', { name: 'Terminer et effacer de cet appareil' }));
  await page.getByRole('heading', { level: 1, name: 'Rose (fictive)' }).waitFor();
  await page.getByText('En cours : 1 réponse(s)').waitFor();
  const cookies = await context.cookies();
  assert.ok(!cookies.some((c) => c.name === 'tremplin'), 'the assessment cookie is gone');

  // A diagnostic on the person's own phone, with a code.
  await page.getByLabel("Sur l'appareil de la personne, avec un code").check();
  await go(page, page.getByRole('button', { name: 'Commencer' }));
  const waiting = await page.getByText(/En attente : code [2-9A-Z]{6}/).textContent();
  const code = waiting.match(/code ([2-9A-Z]{6})/)[1];
  assert.ok(await page.locator('.qr svg').count(), 'a QR code');
  await noViolations(page, "a person's page with a code");

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const theirs = await phone.newPage();
  await theirs.goto(`${server.url}/code`);
  await theirs.getByRole('heading', { level: 1, name: "J'ai un code" }).waitFor();
  await noViolations(theirs, 'the code page');
  const overflow = await sidewaysOverflow(theirs);
  assert.ok(overflow.scrollWidth <= overflow.clientWidth, `no sideways scrolling: ${JSON.stringify(overflow)}`);
  await theirs.getByLabel('Votre code').fill(code.toLowerCase());
  await go(theirs, theirs.getByRole('button', { name: 'Commencer' }));
  await theirs.getByRole('heading', { level: 1, name: /^Tâche 1$/ }).waitFor();
  assert.equal(await theirs.getByRole('group', { name: "Ce que j'observe (accompagnant)" }).count(), 0,
    'no observation on the person\'s own device');
  await phone.close();

  await page.reload();
  await page.getByText('En cours : 0 réponse(s)').waitFor();

  // Signing out ends the session: the list asks to sign in again.
  await go(page, page.getByRole('button', { name: 'Se déconnecter' }));
  await page.getByRole('heading', { level: 1, name: "Connexion à l'espace médiation" }).waitFor();
  await page.goto(`${server.url}/mediation`);
  await page.getByRole('heading', { level: 1, name: "Connexion à l'espace médiation" }).waitFor();
  await context.close();
});

test('a structure admin sets up the second factor, then invites a colleague', async () => {
  const structure = tremplinCommand(server, ['admin', 'create-structure', '--name', 'Centre social du Parc (fictif)']);
  const link = tremplinCommand(server, ['admin', 'invite', '--role', 'structure_admin', '--structure', structure,
    '--email', 'responsable@exemple.fr']);
  const context = await browser.newContext();
  const page = await context.newPage();
  await acceptAndSignIn(page, link, 'responsable@exemple.fr');

  await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
  await noViolations(page, 'the second factor page');
  const secret = (await page.locator('code.secret').textContent()).trim();
  await page.getByLabel('Code à usage unique').fill(await totpCode(secret));
  await go(page, page.getByRole('button', { name: 'Activer' }));
  await page.getByText('La double authentification est activée.').waitFor();

  await go(page, page.getByRole('link', { name: 'Équipe de la structure' }));
  await page.getByRole('heading', { level: 1, name: /^Équipe de la structure/ }).waitFor();
  await noViolations(page, 'the team page');
  await page.getByLabel('Adresse e-mail').fill('collegue@exemple.fr');
  await go(page, page.getByRole('button', { name: "Créer l'invitation" }));
  const notice = await page.getByRole('status').textContent();
  const invitation = notice.match(/https?:\/\/\S+\/invitation\/[0-9a-f]{64}/);
  assert.ok(invitation, notice);

  // The colleague's link works in another browser.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await acceptAndSignIn(theirs, invitation[0], 'collegue@exemple.fr');
  await theirs.getByRole('heading', { level: 1, name: 'Personnes accompagnées' }).waitFor();
  await other.close();
  await context.close();
});

/** Runs a guided Premiers pas from the person's page to the sheet, saying "Je n'y arrive pas"
 * to each task with the observation `step`, then "J'ai fini": back to the person's page. */
async function guidedToTheEnd(page, step) {
  await go(page, page.getByRole('button', { name: 'Commencer' }));
  for (let n = 0; n < 40; n += 1) {
    const title = (await page.locator('h1').first().textContent()).trim();
    if (title === 'Votre bilan Premiers pas') break;
    assert.match(title, /^Tâche \d+$/);
    await page.getByLabel(step).check();
    await go(page, page.getByRole('button', { name: "Je n'y arrive pas" }));
  }
  await go(page, page.getByRole('button', { name: "J'ai fini, effacer de cet appareil" }));
}

/** Clicks a download link; resolves to the file's text and suggested name. */
async function downloaded(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const path = await file.path();
  return { text: readFileSync(path, 'utf8'), name: file.suggestedFilename() };
}

test('two diagnostics of one person show progress; the report prints; the exports download', async () => {
  const structure = tremplinCommand(server, ['admin', 'create-structure', '--name', 'Espace public numérique des Aulnes (fictif)',
    '--commune', '69123']);
  const link = tremplinCommand(server, ['admin', 'invite', '--role', 'mediator', '--structure', structure,
    '--email', 'suivi@exemple.fr']);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await acceptAndSignIn(page, link, 'suivi@exemple.fr');
  await page.getByLabel('Prénom ou pseudonyme').fill('Lucien (fictif)');
  await page.getByLabel("Tranche d'âge").selectOption('70-74');
  await page.getByLabel("La personne est d'accord pour que ces informations soient gardées.").check();
  await go(page, page.getByRole('button', { name: 'Enregistrer' }));
  await page.getByRole('heading', { level: 1, name: 'Lucien (fictif)' }).waitFor();

  await guidedToTheEnd(page, 'Pas encore');
  await page.getByRole('heading', { level: 1, name: 'Lucien (fictif)' }).waitFor();
  await page.getByText("Les progrès s'affichent quand la personne a terminé deux diagnostics du même parcours.").waitFor();
  await guidedToTheEnd(page, "Avec de l'aide");

  // Progress: a chart and the table that says the same; the results fold open.
  await page.getByRole('heading', { level: 2, name: 'Progrès' }).waitFor();
  const chart = page.getByRole('img', { name: /^Premiers pas \(grands débutants\) : du / });
  await chart.waitFor();
  const table = page.getByRole('table', { name: /^Premiers pas \(grands débutants\) : du / });
  assert.ok(await table.getByRole('row').count() >= 2, 'the table has the skills');
  await page.getByText('Voir le résultat et les observations').first().click();
  await page.getByText('Ce que vous avez observé').first().waitFor();
  await noViolations(page, "a person's page with progress and an open result");

  // The report: on a phone without sideways scrolling, then printed.
  await go(page, page.getByRole('link', { name: 'Bilan à imprimer pour la personne' }));
  await page.getByRole('heading', { level: 1, name: 'Bilan de Lucien (fictif)' }).waitFor();
  await page.getByText('Espace public numérique des Aulnes (fictif)', { exact: false }).first().waitFor();
  await noViolations(page, 'the report');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await sidewaysOverflow(page);
  assert.ok(overflow.scrollWidth <= overflow.clientWidth, `report on a phone: ${JSON.stringify(overflow)}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'no site header on paper');
  assert.equal(await page.getByText('Pour imprimer ce bilan').isVisible(), false, 'no screen hint on paper');
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Bilan de Lucien (fictif)' }).isVisible());
  const pdf = await page.pdf({ path: join(ensureArtifacts(), 'bilan-mediation.pdf'), format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 10000, `a real PDF (${pdf.length} bytes)`);
  await page.emulateMedia({ media: 'screen' });

  // The exports, from the list.
  await go(page, page.getByRole('link', { name: 'Retour à la fiche' }));
  await go(page, page.getByRole('link', { name: 'Personnes accompagnées' }));
  const activities = await downloaded(page, 'Activités pour La Coop de la médiation numérique (CSV)');
  assert.match(activities.name, /^tremplin-activites-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = activities.text.trim().split('\n');
  assert.equal(lines.length, 3, activities.text);
  assert.ok(lines.slice(1).every((l) => l.includes(',individuel,') && l.includes(',lieu_activite,69123,diagnostic_numerique,')),
    activities.text);
  assert.ok(lines.slice(1).every((l) => l.includes(',soixante_dix_plus,')), activities.text);
  const json = JSON.parse((await downloaded(page, 'Activités pour La Coop de la médiation numérique (JSON)')).text);
  assert.deepEqual(json.map((a) => a.autonomie), ['entierement_accompagne', 'partiellement_autonome']);
  const data = await downloaded(page, 'Toutes les données (CSV)');
  assert.ok(data.text.includes('Lucien (fictif)') && data.text.includes('\nobservation,'), data.text.slice(0, 400));
  await noViolations(page, 'the list with its exports');
  await context.close();
});

test("a platform admin creates a structure, invites into it and resets a person's access", async () => {
  const home = tremplinCommand(server, ['admin', 'create-structure', '--name', 'Opérateur régional (fictif)']);
  const link = tremplinCommand(server, ['admin', 'invite', '--role', 'platform_admin', '--structure', home,
    '--email', 'plateforme@exemple.fr']);
  const context = await browser.newContext();
  const page = await context.newPage();
  await acceptAndSignIn(page, link, 'plateforme@exemple.fr');
  const secret = (await page.locator('code.secret').textContent()).trim();
  await page.getByLabel('Code à usage unique').fill(await totpCode(secret));
  await go(page, page.getByRole('button', { name: 'Activer' }));

  await go(page, page.getByRole('link', { name: 'Structures' }));
  await page.getByRole('heading', { level: 1, name: 'Structures' }).waitFor();
  await noViolations(page, 'the list of structures');
  await page.getByLabel('Nom de la structure').fill('Tiers-lieu des Sources (fictif)');
  await page.getByLabel('Commune du lieu (code INSEE)').fill('38185');
  await go(page, page.getByRole('button', { name: 'Créer la structure' }));
  await page.getByRole('heading', { level: 1, name: /Tiers-lieu des Sources \(fictif\)/ }).waitFor();
  await page.getByLabel('Adresse e-mail').fill('animatrice@exemple.fr');
  await page.getByLabel('Rôle').selectOption('mediator');
  await go(page, page.getByRole('button', { name: "Créer l'invitation" }));
  const invited = (await page.getByRole('status').textContent()).match(/https?:\/\/\S+\/invitation\/[0-9a-f]{64}/);
  assert.ok(invited);

  // The mediator creates the account; then loses access and the admin resets it.
  const theirs = await (await browser.newContext()).newPage();
  await acceptAndSignIn(theirs, invited[0], 'animatrice@exemple.fr');
  await theirs.getByRole('heading', { level: 1, name: 'Personnes accompagnées' }).waitFor();
  await page.reload();
  await noViolations(page, "a structure's team page with reset buttons");
  await go(page, page.getByRole('button', { name: "Réinitialiser l'accès (animatrice@exemple.fr)" }));
  const notice = await page.getByRole('status').textContent();
  const renewal = notice.match(/https?:\/\/\S+\/invitation\/[0-9a-f]{64}/);
  assert.ok(renewal, notice);

  // Their open session has ended; the link gives a new password.
  await theirs.reload();
  await theirs.getByRole('heading', { level: 1, name: "Connexion à l'espace médiation" }).waitFor();
  await theirs.goto(`${server.url}/invitation/${renewal[0].split('/').pop()}`);
  await theirs.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
  await noViolations(theirs, 'the new password page');
  await theirs.getByLabel('Mot de passe choisi').fill('un nouveau mot de passe assez long');
  await go(theirs, theirs.getByRole('button', { name: 'Enregistrer mon mot de passe' }));
  await theirs.getByLabel('Adresse e-mail').fill('animatrice@exemple.fr');
  await theirs.getByLabel('Mot de passe', { exact: true }).fill('un nouveau mot de passe assez long');
  await go(theirs, theirs.getByRole('button', { name: 'Se connecter' }));
  await theirs.getByRole('heading', { level: 1, name: 'Personnes accompagnées' }).waitFor();
  await theirs.context().close();
  await context.close();
});
