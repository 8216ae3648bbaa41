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
    /// "{month}", "{region}"
    pub caption: &'static str,
    pub how_to_read: &'static str,
    pub departement: &'static str,
    /// "{people}"
    pub cell: &'static str,
    pub hidden: &'static str,
    pub exports: &'static str,
    pub export_csv: &'static str,
    pub export_json: &'static str,
    pub export_schema: &'static str,
    pub unknown_region: &'static str,
}

/// French.
pub const FR: Analysis = Analysis {
    title: "Tableaux des analystes",
    lead: "Ce tableau croise le département et la tranche d'âge des personnes mesurées. Il est \
        réservé aux analystes de l'observatoire. Il est protégé avec les tableaux publics : \
        aucun petit effectif ne peut être retrouvé en les comparant.",
    nothing_yet: "Aucun mois n'est encore publié pour les analystes.",
    choose: "Choisir le tableau",
    region: "Région",
    all_regions: "Toutes les régions",
    caption: "{month}, {region} : personnes mesurées par département et tranche d'âge",
    how_to_read: "Chaque case donne le nombre de personnes mesurées. « masqué » : le chiffre \
        n'est pas publié, pour que personne ne puisse être reconnu.",
    departement: "Département",
    cell: "{people} personnes",
    hidden: "masqué",
    exports: "Télécharger tout le tableau (tous les mois)",
    export_csv: "Fichier CSV",
    export_json: "Fichier JSON",
    export_schema: "Description des colonnes (Table Schema)",
    unknown_region: "Cette région n'existe pas. Choisissez une région dans la liste.",
};

/// The strings for a language (French for any other today).
pub fn for_language(_lang: &Language) -> &'static Analysis {
    &FR
}
