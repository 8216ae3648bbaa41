//! Strings every page shares: site name, navigation, errors, footer.

/// Strings of the layout shared by every feature.
#[derive(Debug, Clone, Copy)]
pub struct Common {
    pub site_name: &'static str,
    pub skip_link: &'static str,
    pub footer_accessibility: &'static str,
    pub footer_privacy: &'static str,
    pub delete_title: &'static str,
    pub delete_explain: &'static str,
    pub delete_confirm: &'static str,
    pub delete_button: &'static str,
    /// "J'ai fini, effacer de cet appareil": the device forgets the test (a public computer).
    pub forget_explain: &'static str,
    pub forget_button: &'static str,
    /// On the home page after a deletion.
    pub deleted: &'static str,
    pub privacy_title: &'static str,
    pub accessibility_title: &'static str,
    pub no_session_title: &'static str,
    pub no_session_text: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
}

/// French.
pub const FR: Common = Common {
    site_name: "Tremplin",
    skip_link: "Aller au contenu",
    footer_accessibility: "Accessibilité : non conforme",
    footer_privacy: "Vos données",
    delete_title: "Effacer mon test",
    delete_explain: "Vous pouvez effacer votre test maintenant : vos réponses et votre résultat seront supprimés pour de bon. Pensez à imprimer votre résultat avant si vous voulez le garder.",
    delete_confirm: "Oui, je veux effacer mon test et mon résultat.",
    delete_button: "Effacer mon test",
    forget_explain: "Sur un ordinateur partagé : ce bouton enlève votre test de cet appareil. La personne suivante ne le verra pas. Imprimez votre résultat avant si vous voulez le garder.",
    forget_button: "J'ai fini, effacer de cet appareil",
    deleted: "Votre test a été effacé. Il ne reste rien de vos réponses ni de votre résultat.",
    privacy_title: "Vos données",
    accessibility_title: "Déclaration d'accessibilité",
    no_session_title: "Aucun test en cours",
    no_session_text: "Nous n'avons pas trouvé de test en cours sur cet appareil.",
    back_home: "Retour à l'accueil",
    error_title: "Une erreur est survenue",
};
