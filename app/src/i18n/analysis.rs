//! The analysts' page of the observatory (server-only, like the public pages).

use super::Language;

#[derive(Debug, Clone, Copy)]
pub struct Analysis {
    pub title: &'static str,
    pub lead: &'static str,
    pub nothing_yet: &'static str,
    pub choose: &'static str,
    pub region: &'static str,
    pub all_regions: &'static str,
    /// "{competence}", "{month}", "{region}"
    pub caption: &'static str,
    pub how_to_read: &'static str,
    pub departement: &'static str,
    /// "{people}", "{share}"
    pub cell: &'static str,
    /// "{people}"
    pub cell_people_only: &'static str,
    pub nobody: &'static str,
    pub hidden: &'static str,
    pub exports: &'static str,
    pub export_people: &'static str,
    pub export_competences: &'static str,
    /// Each table's short name in its links ("{table}" below).
    pub short_people: &'static str,
    pub short_competences: &'static str,
    /// "{table}"
    pub export_csv: &'static str,
    pub export_json: &'static str,
    pub export_schema: &'static str,
    pub unknown_region: &'static str,
}

/// French.
pub const FR: Analysis = Analysis {
    title: "Tableaux des analystes",
    lead: "Ces tableaux croisent le département, la tranche d'âge et la compétence. Ils sont \
        réservés aux analystes de l'observatoire. Ils sont protégés avec les tableaux publics : \
        aucun petit effectif ne peut être retrouvé en les comparant.",
    nothing_yet: "Aucun mois n'est encore publié pour les analystes.",
    choose: "Choisir le tableau",
    region: "Région",
    all_regions: "Toutes les régions",
    caption: "{competence}, {month}, {region} : personnes mesurées par département et tranche d'âge, et part au niveau 1 ou plus",
    how_to_read: "Chaque case donne le nombre de personnes mesurées, puis la part de ces \
        personnes au niveau 1 ou plus dans la compétence choisie. « masqué » : le chiffre n'est \
        pas publié, pour que personne ne puisse être reconnu.",
    departement: "Département",
    cell: "{people} personnes, {share} au niveau 1 ou plus",
    cell_people_only: "{people} personnes, part masquée",
    nobody: "aucune personne",
    hidden: "masqué",
    exports: "Télécharger les tableaux entiers (tous les mois)",
    export_people: "Personnes mesurées, par département et tranche d'âge",
    export_competences: "Part au niveau 1 ou plus, par département, tranche d'âge et compétence",
    short_people: "Personnes",
    short_competences: "Parts par compétence",
    export_csv: "{table} : fichier CSV",
    export_json: "{table} : fichier JSON",
    export_schema: "{table} : description des colonnes (Table Schema)",
    unknown_region: "Cette région n'existe pas. Choisissez une région dans la liste.",
};

/// The strings for a language (French for any other today).
pub fn for_language(_lang: &Language) -> &'static Analysis {
    &FR
}
