//! Every sentence the citizen reads, in one place.
//!
//! The pages never hold literal French text: they read a [`Strings`] table. Adding a language is
//! adding one more `const` table of the same type (and choosing it from `Accept-Language`).

/// One language's user-facing strings.
#[derive(Debug, Clone, Copy)]
pub struct Strings {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub skip_link: &'static str,
    pub footer_accessibility: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_what: &'static str,
    pub home_how_long: &'static str,
    pub home_no_account: &'static str,
    pub home_privacy_title: &'static str,
    pub home_privacy_1: &'static str,
    pub home_privacy_2: &'static str,
    pub home_start: &'static str,
    pub home_resume: &'static str,
    pub item_title: &'static str,
    pub progress_label: &'static str,
    /// "{answered} questions answered out of about {expected}"
    pub progress_words: &'static str,
    pub submit: &'static str,
    pub skip: &'static str,
    pub skip_hint: &'static str,
    pub leave_hint: &'static str,
    pub several_answers: &'static str,
    pub your_answer: &'static str,
    pub ordering_hint: &'static str,
    /// "Position of « {text} »"
    pub ordering_position: &'static str,
    pub hotspot_hint: &'static str,
    pub matching_hint: &'static str,
    pub matching_choose: &'static str,
    pub task_hint: &'static str,
    pub task_text_label: &'static str,
    pub task_drag_source: &'static str,
    pub task_drag_target: &'static str,
    pub error_empty: &'static str,
    pub error_order: &'static str,
    pub error_other: &'static str,
    pub swipe_left: &'static str,
    pub swipe_right: &'static str,
    pub swipe_up: &'static str,
    pub swipe_down: &'static str,
    pub no_session_title: &'static str,
    pub no_session_text: &'static str,
    pub back_home: &'static str,
    pub done_title: &'static str,
    pub see_result: &'static str,
    pub result_title: &'static str,
    pub result_intro: &'static str,
    pub result_chart_title: &'static str,
    pub result_table_caption: &'static str,
    pub col_competence: &'static str,
    pub col_domain: &'static str,
    pub col_level: &'static str,
    pub col_precision: &'static str,
    pub domains_title: &'static str,
    pub strengths_title: &'static str,
    pub strengths_none: &'static str,
    pub next_steps_title: &'static str,
    pub next_steps_none: &'static str,
    pub answers_title: &'static str,
    pub answer_right: &'static str,
    pub answer_wrong: &'static str,
    pub answer_skipped: &'static str,
    pub expected_answer: &'static str,
    pub print: &'static str,
    pub framework_version: &'static str,
    pub consent_title: &'static str,
    pub consent_text: &'static str,
    pub consent_checkbox: &'static str,
    pub consent_departement: &'static str,
    pub consent_age: &'static str,
    pub consent_optional: &'static str,
    pub consent_submit: &'static str,
    pub consent_thanks: &'static str,
    pub not_said: &'static str,
    pub level_word: &'static str,
    pub precision_good: &'static str,
    pub precision_fair: &'static str,
    pub precision_low: &'static str,
    pub error_title: &'static str,
}

/// French, the reference language.
pub const FR: Strings = Strings {
    lang: "fr",
    site_name: "Tremplin",
    skip_link: "Aller au contenu",
    footer_accessibility: "Accessibilité : partiellement conforme",
    home_title: "Faites le point sur vos compétences numériques",
    home_intro: "Tremplin vous pose des questions sur la vie numérique de tous les jours : chercher une information, envoyer un courriel, se protéger en ligne, régler un problème…",
    home_what: "Les questions s'adaptent à vos réponses. À la fin, vous voyez votre niveau (de 0 à 8) dans 16 compétences, avec des conseils pour progresser.",
    home_how_long: "Comptez environ 30 minutes, 48 questions au plus. Vous pouvez faire une pause et reprendre plus tard sur le même appareil.",
    home_no_account: "Pas besoin de créer un compte.",
    home_privacy_title: "Vos données",
    home_privacy_1: "Nous ne vous demandons ni nom, ni adresse, ni courriel.",
    home_privacy_2: "Vos réponses servent à calculer votre résultat. Vous seul décidez à la fin si vous donnez un résumé anonyme pour les statistiques.",
    home_start: "Commencer le test",
    home_resume: "Reprendre mon test",
    item_title: "Question",
    progress_label: "Avancement du test",
    progress_words: "{answered} questions répondues sur environ {expected}",
    submit: "Valider",
    skip: "Je ne sais pas",
    skip_hint: "Si vous ne savez pas, choisissez « Je ne sais pas » : c'est mieux que de répondre au hasard.",
    leave_hint: "Vous pouvez fermer cette page : votre test vous attendra sur cet appareil.",
    several_answers: "Plusieurs réponses possibles.",
    your_answer: "Votre réponse",
    ordering_hint: "Donnez à chaque étape son numéro dans l'ordre (1 = la première).",
    ordering_position: "Place de « {text} »",
    hotspot_hint: "Choisissez la zone de l'image qui répond à la question.",
    matching_hint: "Pour chaque élément, choisissez ce qui va avec.",
    matching_choose: "Choisir…",
    task_hint: "Faites l'action demandée sur l'écran ci-dessous, ou choisissez l'élément dans la liste.",
    task_text_label: "Texte à écrire",
    task_drag_source: "Élément à déplacer",
    task_drag_target: "Où le déposer",
    error_empty: "Choisissez ou écrivez une réponse, ou bien « Je ne sais pas ».",
    error_order: "Chaque étape doit avoir un numéro différent.",
    error_other: "Votre réponse n'a pas pu être enregistrée. Réessayez.",
    swipe_left: "Balayer vers la gauche",
    swipe_right: "Balayer vers la droite",
    swipe_up: "Balayer vers le haut",
    swipe_down: "Balayer vers le bas",
    no_session_title: "Aucun test en cours",
    no_session_text: "Nous n'avons pas trouvé de test en cours sur cet appareil.",
    back_home: "Retour à l'accueil",
    done_title: "Test terminé",
    see_result: "Voir mon résultat",
    result_title: "Votre résultat",
    result_intro: "Voici votre niveau estimé dans chaque compétence, de 0 (pas encore acquis) à 8 (expert).",
    result_chart_title: "Niveau par compétence",
    result_table_caption: "Niveau estimé par compétence (le même contenu que le graphique)",
    col_competence: "Compétence",
    col_domain: "Domaine",
    col_level: "Niveau",
    col_precision: "Précision",
    domains_title: "Par domaine",
    strengths_title: "Vos points forts",
    strengths_none: "Continuez : chaque compétence se travaille pas à pas.",
    next_steps_title: "Pour progresser",
    next_steps_none: "Bravo : vous avez un bon niveau partout. Gardez vos connaissances à jour.",
    answers_title: "Vos réponses, avec les explications",
    answer_right: "Bonne réponse",
    answer_wrong: "Réponse à revoir",
    answer_skipped: "Vous avez répondu « Je ne sais pas »",
    expected_answer: "Réponse attendue :",
    print: "Imprimer mon résultat",
    framework_version: "Référentiel",
    consent_title: "Aider l'observatoire du numérique (facultatif)",
    consent_text: "Vous pouvez donner un résumé anonyme de vos niveaux pour les statistiques publiques : pas de nom, pas de lien avec ce test, seulement le mois, et si vous le voulez votre département et votre tranche d'âge.",
    consent_checkbox: "J'accepte de donner un résumé anonyme de mes niveaux",
    consent_departement: "Département (facultatif)",
    consent_age: "Tranche d'âge (facultative)",
    consent_optional: "Ne pas le dire",
    consent_submit: "Envoyer le résumé anonyme",
    consent_thanks: "Merci : votre résumé anonyme a bien été enregistré.",
    not_said: "Ne pas le dire",
    level_word: "niveau",
    precision_good: "bonne",
    precision_fair: "moyenne",
    precision_low: "faible",
    error_title: "Une erreur est survenue",
};

/// The strings for the current request (one language for now).
pub fn strings() -> &'static Strings {
    &FR
}

/// Fills `{name}` placeholders in a string from the table.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_named_placeholder() {
        let s = fill(
            FR.progress_words,
            &[("answered", "3".into()), ("expected", "40".into())],
        );
        assert_eq!(s, "3 questions répondues sur environ 40");
    }
}
