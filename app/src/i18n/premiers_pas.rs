//! Strings of "Premiers pas", in easy-to-read French (everyday words, one idea per sentence).

/// Strings of the Premiers pas pages.
#[derive(Debug, Clone, Copy)]
pub struct PremiersPas {
    pub result_title: &'static str,
    pub result_intro: &'static str,
    /// "{count} tâches faites."
    pub tasks_done: &'static str,
    pub skills_title: &'static str,
    pub acquis: &'static str,
    pub en_cours: &'static str,
    pub a_travailler: &'static str,
    /// "{count} autres savoir-faire : nous les verrons une autre fois."
    pub not_reached: &'static str,
    pub next_title: &'static str,
    pub urgence: &'static str,
    pub accompagnement: &'static str,
    pub autonomie: &'static str,
    pub print: &'static str,
    /// The consent to the observatory, in easy-to-read French.
    pub consent_title: &'static str,
    pub consent_text: &'static str,
    pub consent_checkbox: &'static str,
    pub consent_departement: &'static str,
    pub consent_age: &'static str,
    pub consent_submit: &'static str,
    pub consent_thanks: &'static str,
    pub listen: &'static str,
    pub auto_read: &'static str,
    /// "Tâche {n}"
    pub task_title: &'static str,
    /// "{answered} tâche faite. Il en reste {left} au plus." (0 or 1 done)
    pub progress_one: &'static str,
    /// "{answered} tâches faites. Il en reste {left} au plus."
    pub progress_many: &'static str,
    pub cant_do: &'static str,
    pub cant_do_hint: &'static str,
    pub no_hurry: &'static str,
    /// After each task: never a verdict, always a kind word.
    pub encourage: &'static str,
    pub start_title: &'static str,
    /// Short sentences, one idea each.
    pub start_lines: [&'static str; 5],
    pub urgent_question: &'static str,
    pub urgent_examples: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub start_button: &'static str,
    pub home_title: &'static str,
    pub home_text: &'static str,
    pub home_link: &'static str,
}

/// French.
pub const FR: PremiersPas = PremiersPas {
    result_title: "Votre bilan Premiers pas",
    result_intro: "Bravo, vous êtes allé jusqu'au bout. Voici ce que vous savez déjà faire, et ce que vous pouvez apprendre.",
    tasks_done: "{count} tâches faites.",
    skills_title: "Ce que vous savez faire",
    acquis: "Vous savez faire",
    en_cours: "Vous y êtes presque",
    a_travailler: "À apprendre",
    not_reached: "{count} autres savoir-faire : nous les verrons une autre fois.",
    next_title: "Et maintenant ?",
    urgence: "Vous avez une démarche à faire vite. Allez dans un lieu France Services ou voyez un aidant numérique. Il peut faire la démarche avec vous.",
    accompagnement: "Un conseiller numérique peut vous aider. Des ateliers près de chez vous apprennent les bases, pas à pas.",
    autonomie: "Vous êtes prêt pour aller plus loin. Faites le test complet pour connaître votre niveau.",
    print: "Imprimer ma fiche",
    consent_title: "Aider à compter (si vous voulez)",
    consent_text: "Vous pouvez donner votre résultat, sans votre nom. Il sert à compter les \
        personnes qui ont besoin d'aide, dans chaque région. Vous pouvez dire aussi votre \
        département et votre âge. Personne ne saura que c'est vous.",
    consent_checkbox: "Oui, je donne mon résultat sans mon nom",
    consent_departement: "Votre département (vous pouvez ne pas répondre)",
    consent_age: "Votre âge (vous pouvez ne pas répondre)",
    consent_submit: "Envoyer",
    consent_thanks: "Merci. Votre résultat est envoyé, sans votre nom.",
    listen: "Écouter",
    auto_read: "Lire chaque consigne à voix haute",
    task_title: "Tâche {n}",
    progress_one: "{answered} tâche faite. Il en reste {left} au plus.",
    progress_many: "{answered} tâches faites. Il en reste {left} au plus.",
    cant_do: "Je n'y arrive pas",
    cant_do_hint: "Ce n'est pas grave. Si vous n'y arrivez pas, appuyez sur « Je n'y arrive pas ». On passe à la suite.",
    no_hurry: "Prenez votre temps. Il n'y a pas de limite de temps.",
    encourage: "Merci, c'est noté. On continue !",
    start_title: "Premiers pas",
    start_lines: [
        "Vous utilisez peu les écrans ? Ce parcours est fait pour vous.",
        "Vous faites de petites tâches : cliquer, écrire, toucher un écran.",
        "Il n'y a pas de note. On regarde ce que vous savez déjà faire.",
        "Cela prend environ 10 minutes. Vous n'avez pas besoin de compte.",
        "Vous pouvez le faire seul, ou avec un conseiller numérique.",
    ],
    urgent_question: "Avez-vous une démarche à faire très vite ?",
    urgent_examples: "Par exemple : les impôts, la CAF, la retraite, France Travail.",
    yes: "Oui",
    no: "Non",
    start_button: "Commencer Premiers pas",
    home_title: "Vous débutez avec les écrans ?",
    home_text: "Premiers pas : de petites tâches simples, environ 10 minutes, pour savoir par où commencer.",
    home_link: "Découvrir Premiers pas",
};
