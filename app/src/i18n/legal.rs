//! The privacy page and the accessibility declaration, as sections of short paragraphs.
//! Only the server reads these tables (the pages are written by the server), so they cost
//! nothing in the browser's bundle. `{unfinished_days}`, `{answers_days}`, `{beneficiary_months}`
//! and `{contact}` are filled from the settings.

/// A heading and its paragraphs.
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// The two pages.
pub struct Legal {
    pub privacy_intro: &'static str,
    pub privacy: &'static [Section],
    pub accessibility_intro: &'static str,
    pub accessibility: &'static [Section],
    /// How to reach the operator when `contact_email` is set ("{contact}" is the address).
    pub contact_set: &'static str,
    /// … and when it is not.
    pub contact_unset: &'static str,
}

pub const FR: Legal = Legal {
    privacy_intro: "Cette page dit ce que Tremplin garde quand vous faites un test, combien de temps, et qui peut le voir.",
    privacy: &[
        Section {
            heading: "Ce que nous gardons",
            paragraphs: &[
                "Nous ne vous demandons ni nom, ni adresse, ni courriel, ni téléphone.",
                "Pendant le test, nous gardons vos réponses, le temps passé sur chaque question, puis votre résultat.",
                "Pour « Premiers pas », nous gardons aussi votre réponse à la question « Avez-vous une démarche à faire très vite ? ».",
                "Un cookie technique garde un code secret sur votre appareil. Il sert seulement à reprendre votre test et à voir votre résultat. Il n'y a pas de publicité ni de mesure d'audience.",
                "Votre adresse internet sert seulement, sur le moment, à limiter le nombre de tests lancés depuis un même endroit. Nous ne l'enregistrons pas.",
                "Si vous cherchez un lieu d'aide, le code postal ou le département que vous écrivez n'est pas enregistré.",
            ],
        },
        Section {
            heading: "Combien de temps",
            paragraphs: &[
                "Un test pas terminé est effacé {unfinished_days} jours après son début, avec ses réponses.",
                "Les réponses d'un test terminé sont effacées {answers_days} jours après la fin. Le résultat reste, pour que vous puissiez le revoir sur cet appareil.",
                "Si un médiateur numérique vous accompagne avec Tremplin, votre prénom ou pseudonyme et vos diagnostics sont effacés {beneficiary_months} mois après votre dernière venue, ou plus tôt si vous le demandez.",
                "L'effacement se fait tout seul, une fois par jour.",
                "L'organisme qui fait tourner le site peut garder des copies de sauvegarde de la base de données. Une copie peut contenir un test effacé depuis, jusqu'à ce que cette copie soit elle-même détruite.",
            ],
        },
        Section {
            heading: "Le résumé anonyme pour les statistiques",
            paragraphs: &[
                "À la fin du test, vous choisissez si vous donnez un résumé anonyme de vos niveaux. Ce n'est pas obligatoire.",
                "Ce résumé contient seulement le mois, vos niveaux, et si vous le voulez votre département et votre tranche d'âge. Il n'a aucun lien avec votre test : personne ne peut retrouver qui l'a donné.",
            ],
        },
        Section {
            heading: "Qui peut voir votre test",
            paragraphs: &[
                "Personne ne peut relier votre test à votre nom : nous ne le connaissons pas.",
                "Seul l'appareil qui a le code secret peut afficher votre test et votre résultat.",
                "L'organisme qui fait tourner le site peut voir la base de données, sans savoir à qui sont les tests.",
            ],
        },
        Section {
            heading: "Si un médiateur ou une médiatrice vous accompagne",
            paragraphs: &[
                "Avec votre accord, la structure qui vous accompagne enregistre un prénom ou un pseudonyme choisi avec vous, et si vous le voulez votre commune, votre tranche d'âge et votre situation. Jamais votre nom de famille, votre courriel ou votre téléphone.",
                "Vos diagnostics sont alors reliés à ce prénom ou pseudonyme, pour voir vos progrès. Pendant un diagnostic guidé, la personne qui vous accompagne peut noter ce qu'elle observe (pas encore, avec de l'aide, en autonomie).",
                "Seule cette structure voit ces informations. Elles restent jusqu'à ce qu'elle les supprime ; vous pouvez lui demander à tout moment de tout supprimer.",
                "Sur un appareil partagé, le bouton « J'ai fini, effacer de cet appareil » (ou « Terminer ») enlève votre test de l'appareil : la personne suivante ne le voit pas.",
            ],
        },
        Section {
            heading: "Vos droits",
            paragraphs: &[
                "Quand votre test est terminé, vous pouvez l'effacer vous-même : en bas de la page de votre résultat, « Effacer mon test ». Vos réponses et votre résultat sont alors supprimés pour de bon. Un test pas terminé s'efface tout seul au bout de {unfinished_days} jours.",
                "Pour toute autre demande sur vos données (règlement général sur la protection des données, RGPD) : {contact}",
                "Vous pouvez aussi vous adresser à la CNIL (cnil.fr).",
            ],
        },
    ],
    accessibility_intro: "Cette page dit dans quelle mesure Tremplin est accessible à tous, en suivant le référentiel général d'amélioration de l'accessibilité (RGAA 4.1).",
    accessibility: &[
        Section {
            heading: "État de conformité",
            paragraphs: &[
                "Tremplin est non conforme au RGAA 4.1 : aucun audit complet n'a encore été fait, donc nous ne pouvons pas annoncer de taux de conformité.",
            ],
        },
        Section {
            heading: "Ce que nous vérifions déjà",
            paragraphs: &[
                "À chaque version, des tests automatiques parcourent le site dans un vrai navigateur : à la souris, au clavier seul, sur un écran de téléphone de 390 pixels, et sans JavaScript.",
                "Chaque page testée est analysée avec l'outil axe-core (règles WCAG 2.1 niveaux A et AA) : aucun défaut n'est accepté.",
                "Les textes ont un contraste d'au moins 4,5 pour 1. Le focus du clavier est toujours visible. Les boutons de « Premiers pas » font au moins 44 pixels de côté.",
            ],
        },
        Section {
            heading: "Contenus pas encore accessibles",
            paragraphs: &[
                "Les écrans simulés demandent un geste (cliquer, glisser, balayer). Au clavier, chaque élément de l'écran a un nom et s'utilise avec Tab, Entrée, Majuscule + F10, Espace et les flèches ; ce n'est pas encore vérifié avec tous les lecteurs d'écran.",
                "La lecture à voix haute dépend de la voix française installée dans votre navigateur.",
                "Sur un petit téléphone, les éléments d'un écran simulé d'ordinateur sont petits ; le bouton « Voir l'écran en grand » les montre à leur vraie taille.",
            ],
        },
        Section {
            heading: "Nous signaler un problème",
            paragraphs: &[
                "Si vous n'arrivez pas à utiliser une page ou un contenu, dites-le-nous : nous vous aiderons à y accéder autrement. {contact}",
            ],
        },
        Section {
            heading: "Voie de recours",
            paragraphs: &[
                "Si vous nous avez signalé un problème et que vous n'avez pas eu de réponse satisfaisante, vous pouvez vous adresser au Défenseur des droits : par le formulaire en ligne sur defenseurdesdroits.fr, auprès d'un de ses délégués dans votre région, ou par courrier gratuit, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
            ],
        },
    ],
    contact_set: "Écrivez à {contact}.",
    contact_unset: "Adressez-vous à l'organisme qui vous propose ce test.",
};
