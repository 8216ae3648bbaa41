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
    pub places_title: &'static str,
    pub places_where: &'static str,
    pub places_need: &'static str,
    pub places_need_none: &'static str,
    pub places_search: &'static str,
    pub places_unknown: &'static str,
    pub places_none: &'static str,
    pub places_others: &'static str,
    pub place_hours: &'static str,
    pub place_phone: &'static str,
    pub place_cost: &'static str,
    pub place_booking: &'static str,
    pub place_needs: &'static str,
    pub print: &'static str,
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
    places_title: "Trouver de l'aide près de chez vous",
    places_where: "Votre code postal ou votre département",
    places_need: "Un besoin particulier ? (facultatif)",
    places_need_none: "Pas de besoin particulier",
    places_search: "Chercher",
    places_unknown: "Nous ne reconnaissons pas ce code. Écrivez votre code postal (5 chiffres) ou votre département (par exemple 35). En Corse, écrivez 2A ou 2B.",
    places_none: "Nous ne connaissons pas encore de lieu dans ce département.",
    places_others: "Aucun lieu ne propose exactement cette aide. Voici les autres lieux du département.",
    place_hours: "Horaires",
    place_phone: "Téléphone",
    place_cost: "Prix",
    place_booking: "Prendre rendez-vous",
    place_needs: "Accueil adapté",
    print: "Imprimer ma fiche",
};
