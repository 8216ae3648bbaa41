//! Strings of the places near home (Premiers pas sheet, citizen result), easy to read.

/// Strings of the places near home.
#[derive(Debug, Clone, Copy)]
pub struct Places {
    pub title: &'static str,
    pub where_label: &'static str,
    pub need: &'static str,
    pub need_none: &'static str,
    pub search: &'static str,
    pub unknown: &'static str,
    pub none: &'static str,
    pub others: &'static str,
    pub hours: &'static str,
    pub phone: &'static str,
    pub cost: &'static str,
    pub booking: &'static str,
    pub needs: &'static str,
}

/// French.
pub const FR: Places = Places {
    title: "Trouver de l'aide près de chez vous",
    where_label: "Votre code postal ou votre département",
    need: "Un besoin particulier ? (facultatif)",
    need_none: "Pas de besoin particulier",
    search: "Chercher",
    unknown: "Nous ne reconnaissons pas ce code. Écrivez votre code postal (5 chiffres) ou votre département (par exemple 35). En Corse, écrivez 2A ou 2B.",
    none: "Nous ne connaissons pas encore de lieu dans ce département.",
    others: "Aucun lieu ne propose exactement cette aide. Voici les autres lieux du département.",
    hours: "Horaires",
    phone: "Téléphone",
    cost: "Prix",
    booking: "Prendre rendez-vous",
    needs: "Accueil adapté",
};
