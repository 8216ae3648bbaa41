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
};
