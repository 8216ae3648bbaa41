//! The observatory's public pages (levels by territory, method, open data). Server-only: these
//! pages carry no WASM, so their strings stay out of the citizens' bundle; a new language adds
//! one more table and one more arm in [`for_language`].

use super::Language;

#[derive(Debug, Clone, Copy)]
pub struct Observatory {
    pub title: &'static str,
    pub lead: &'static str,
    pub method_link: &'static str,
    pub data_link: &'static str,
    pub nothing_yet: &'static str,
    pub choose: &'static str,
    pub competence: &'static str,
    pub month: &'static str,
    pub show: &'static str,
    /// "{competence}", "{month}"
    pub national_title: &'static str,
    /// "{people}"
    pub people_measured: &'static str,
    pub people_hidden: &'static str,
    /// "{share}"
    pub basic_share: &'static str,
    pub basic_hidden: &'static str,
    pub levels_caption: &'static str,
    pub level: &'static str,
    /// "{level}"
    pub level_n: &'static str,
    pub level_0: &'static str,
    pub share: &'static str,
    pub hidden: &'static str,
    pub no_data: &'static str,
    pub regions_title: &'static str,
    pub regions_caption: &'static str,
    pub region: &'static str,
    pub people: &'static str,
    pub basic: &'static str,
    pub map_title: &'static str,
    pub map_intro: &'static str,
    /// "{competence}", "{month}"
    pub map_label: &'static str,
    pub map_desc: &'static str,
    pub legend: &'static str,
    pub map_table: &'static str,
    pub map_caption: &'static str,
    pub departement: &'static str,
    pub region_basic: &'static str,
    pub overseas: &'static str,
    pub map_source: &'static str,
    pub trends_title: &'static str,
    pub trends_caption: &'static str,
    /// "{competence}"
    pub trends_label: &'static str,
    pub ages_title: &'static str,
    pub ages_caption: &'static str,
    pub age_band: &'static str,
    pub table_scroll: &'static str,
    pub month_names: [&'static str; 12],
    // Method page.
    pub method_title: &'static str,
    pub method: &'static [(&'static str, &'static [&'static str])],
    // Open data page.
    pub data_title: &'static str,
    pub data_intro: &'static str,
    pub data_licence: &'static str,
    pub data_rule: &'static str,
    pub data_files: &'static str,
    pub csv: &'static str,
    pub json: &'static str,
    pub schema: &'static str,
    pub back: &'static str,
    pub beginners_title: &'static str,
    pub beginners_intro: &'static str,
    pub beginners_urgence: &'static str,
    pub beginners_accompagnement: &'static str,
    pub beginners_autonomie: &'static str,
    /// `{month}`.
    pub beginners_caption: &'static str,
    /// `{people}`, `{share}`.
    pub beginners_cell: &'static str,
    pub territory: &'static str,
    pub france: &'static str,
    /// Urgence, accompagnement, autonomie, and all three together.
    pub orientation_names: [&'static str; 4],
    /// The columns of the CSV files, as the Table Schema describes them: (name, description).
    pub columns: &'static [(&'static str, &'static str)],
    pub unknown_file: &'static str,
    pub unknown_competence: &'static str,
    pub unknown_month: &'static str,
}

/// French.
pub const FR: Observatory = Observatory {
    title: "Observatoire des compétences numériques",
    lead: "Ces chiffres viennent de personnes qui ont passé le test Tremplin et qui ont accepté \
        de partager leur résultat, sans leur nom. Ce sont des niveaux mesurés par un test, pas \
        des niveaux déclarés. Les petits effectifs sont masqués pour que personne ne puisse \
        être reconnu.",
    method_link: "Comment ces chiffres sont faits",
    data_link: "Télécharger les données",
    nothing_yet: "Aucun mois n'est encore publié. Un mois est publié trois jours après sa fin.",
    choose: "Choisir la compétence et le mois",
    competence: "Compétence",
    month: "Mois",
    show: "Afficher",
    national_title: "France entière — {competence}, {month}",
    people_measured: "{people} personnes mesurées.",
    people_hidden: "Le nombre de personnes est masqué (trop petit).",
    basic_share: "{share} ont au moins le niveau 1.",
    basic_hidden: "La part au niveau 1 ou plus est masquée.",
    levels_caption: "Part des personnes à chaque niveau",
    level: "Niveau",
    level_n: "Niveau {level}",
    level_0: "Pas encore le niveau 1",
    share: "Part",
    hidden: "masqué",
    no_data: "aucune donnée",
    regions_title: "Par région",
    regions_caption: "Personnes et part au niveau 1 ou plus, par région",
    region: "Région",
    people: "Personnes",
    basic: "Niveau 1 ou plus",
    map_title: "Carte par département",
    map_intro: "Part des personnes qui ont au moins le niveau 1. Chaque département prend la \
        couleur de sa région : en un mois, les effectifs d'un département sont trop petits pour \
        publier une part sans risque de reconnaître quelqu'un. Les départements d'outre-mer sont \
        à gauche de la carte, chacun à sa propre échelle.",
    map_label: "Carte des départements : part au niveau 1 ou plus en {competence}, {month}",
    map_desc: "Le même contenu est donné dans le tableau qui suit la carte.",
    legend: "Légende",
    map_table: "Les chiffres de la carte en tableau",
    map_caption: "Personnes par département, et part au niveau 1 ou plus dans sa région",
    departement: "Département",
    region_basic: "Niveau 1 ou plus dans sa région",
    overseas: "Outre-mer",
    map_source: "Contours simplifiés : svg-maps de Victor Cazanave, licence CC BY 4.0.",
    trends_title: "Évolution par mois",
    trends_caption: "France entière : personnes et part au niveau 1 ou plus, mois par mois",
    trends_label: "Part au niveau 1 ou plus en {competence}, mois par mois",
    ages_title: "Par tranche d'âge",
    ages_caption: "Personnes mesurées, par tranche d'âge",
    age_band: "Tranche d'âge",
    table_scroll: "Tableau (défiler sur le côté si besoin)",
    month_names: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    method_title: "Comment les chiffres de l'observatoire sont faits",
    method: &[
        (
            "Des niveaux mesurés",
            &[
                "Chaque personne a passé le test Tremplin : un test qui s'adapte à ses réponses. \
                 Il donne un niveau de 0 à 8 pour chacune des 16 compétences du cadre de \
                 référence des compétences numériques (CRCN). Ce sont des niveaux mesurés sur \
                 des exercices, pas des niveaux que les personnes disent avoir.",
                "Le niveau 0 veut dire « pas encore le niveau 1 ». La part au niveau 1 ou plus \
                 correspond au niveau « de base » du cadre européen DigComp.",
                "Les personnes qui débutent avec un écran passent plutôt « Premiers pas » : des \
                 gestes simples (cliquer, écrire, faire défiler, repérer une arnaque). Ce \
                 parcours ne donne pas de niveau ; il propose une aide : urgence (une démarche \
                 à faire tout de suite), accompagnement (apprendre en atelier) ou autonomie \
                 (continuer seul). Ces personnes sont comptées à part, dans leurs propres \
                 tableaux, et dans aucun autre.",
            ],
        ),
        (
            "Qui est dans les chiffres",
            &[
                "Seules les personnes qui ont accepté, à la fin du test, de partager leur \
                 résultat sont comptées. Elles ont pu donner leur département et leur tranche \
                 d'âge, ou non.",
                "Quand un médiateur numérique fait passer le test ou Premiers pas, le résultat \
                 n'est compté que si la personne l'a accepté en s'inscrivant, avec le \
                 département de sa commune et sa tranche d'âge, une fois par mois au plus.",
                "Ce ne sont pas des échantillons tirés au hasard : les personnes qui passent le \
                 test ne ressemblent pas forcément à toute la population. Comparez les \
                 territoires avec prudence, surtout quand les effectifs sont petits.",
            ],
        ),
        (
            "Ce qui est gardé",
            &[
                "Pour chaque personne : le mois, le département ou rien, la tranche d'âge ou \
                 rien, le niveau de chaque compétence (pour Premiers pas : l'aide proposée et \
                 le résultat de chaque geste). Ni nom, ni identifiant du test, ni date plus \
                 précise que le mois.",
                "Les résultats attendent par lots avant d'être comptés, et sont mélangés : \
                 l'ordre ou l'heure d'arrivée ne permettent pas de retrouver une personne.",
            ],
        ),
        (
            "Ce qui est masqué, et pourquoi",
            &[
                "Aucun effectif de 1 à 10 personnes n'est publié : une si petite case pourrait \
                 désigner quelqu'un. C'est la règle du secret statistique que suit l'Insee pour \
                 les données sur les personnes.",
                "D'autres cases sont masquées aussi, choisies pour qu'un effectif masqué ne \
                 puisse être ni recalculé ni encadré sous 11 à partir des totaux, des autres \
                 tableaux ou des autres compétences. Le calcul est exact (programme linéaire) \
                 et vérifié par des tests.",
                "Une part (un pourcentage) n'est publiée que si les effectifs dont elle est \
                 tirée le sont. Les parts sont données pour la France et par région. Par \
                 département, seul le nombre de personnes est publié : la carte donne à chaque \
                 département la part de sa région.",
                "Chaque mois est publié une fois, trois jours après sa fin, puis n'est plus \
                 modifié : comparer deux publications n'apprend rien de plus.",
            ],
        ),
        (
            "Les territoires",
            &[
                "Régions et départements (outre-mer compris) du Code officiel géographique de \
                 l'Insee, millésime 2026, diffusé par Etalab sous Licence Ouverte.",
            ],
        ),
    ],
    data_title: "Les données de l'observatoire",
    data_intro: "Chaque tableau publié est disponible en CSV (UTF-8, séparateur virgule) et en \
        JSON, avec la description de ses colonnes au format Table Schema. Une case vide (CSV) \
        ou null (JSON) est une valeur masquée.",
    data_licence: "Licence : Licence Ouverte / Open Licence 2.0.",
    data_rule: "Règle de secret appliquée :",
    data_files: "Fichiers",
    csv: "CSV",
    json: "JSON",
    schema: "Description des colonnes (Table Schema)",
    back: "Retour à l'observatoire",
    beginners_title: "Premiers pas : l'aide proposée",
    beginners_intro: "« Premiers pas » est le parcours pour les personnes qui débutent avec un \
        écran (cliquer, écrire, faire défiler, repérer une arnaque). À la fin, il propose une \
        aide. Voici combien de personnes ont reçu chaque proposition, parmi celles qui ont \
        accepté de partager leur résultat.",
    beginners_urgence: "une démarche est à faire tout de suite et la personne ne peut pas la faire \
        seule (France Services, Aidants Connect).",
    beginners_accompagnement: "apprendre les bases avec d'autres, en atelier.",
    beginners_autonomie: "continuer seul, avec le test complet.",
    beginners_caption: "Premiers pas, {month} : personnes par aide proposée (et part du total)",
    beginners_cell: "{people} ({share})",
    territory: "Territoire",
    france: "France entière",
    orientation_names: ["Urgence", "Accompagnement", "Autonomie", "Ensemble"],
    columns: &[
        ("month", "Mois de fin du test (AAAA-MM)."),
        (
            "orientation",
            "Aide proposée par le parcours Premiers pas : urgence, accompagnement, autonomie, ou ensemble (les trois).",
        ),
        (
            "share",
            "Part de l'effectif « ensemble » du même mois et du même territoire (0 à 1) ; vide si masquée.",
        ),
        ("region", "Code Insee de la région (COG 2026)."),
        ("departement", "Code Insee du département (COG 2026)."),
        ("age_band", "Tranche d'âge déclarée."),
        ("age_group", "Tranche d'âge large (tableau des analystes)."),
        ("competence", "Code de la compétence du CRCN (1.1 à 5.2)."),
        ("count", "Nombre de personnes ; vide si masqué."),
        (
            "at_least_basic",
            "Part des personnes au niveau 1 ou plus (0 à 1) : parmi les personnes mesurées dans la compétence pour les tableaux publics, parmi toutes les personnes de la case pour le tableau des analystes ; vide si masquée ou non publiée pour ce tableau.",
        ),
        (
            "share_level_0",
            "Part des personnes mesurées au niveau 0 (0 à 1) ; vide si masquée ou non publiée pour ce tableau.",
        ),
    ],
    unknown_file: "Ce fichier n'existe pas. Les fichiers sont listés sur la page des données.",
    unknown_competence: "Cette compétence n'existe pas. Choisissez-en une dans la liste de \
        l'observatoire.",
    unknown_month: "Ce mois n'est pas publié. Choisissez un mois dans la liste de l'observatoire.",
};

/// The strings for a language (French for any other today).
pub fn for_language(_lang: &Language) -> &'static Observatory {
    &FR
}
