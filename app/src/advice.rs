//! Plain-words advice for the result page, per CRCN competence.

/// What someone strong in this competence can already do.
pub fn strength(code: &str) -> &'static str {
    match code {
        "1.1" => "vous savez chercher une information et juger si la source est fiable.",
        "1.2" => "vous savez ranger, retrouver et sauvegarder vos fichiers.",
        "1.3" => "vous savez utiliser un tableau pour trier, calculer et présenter des données.",
        "2.1" => "vous savez communiquer par courriel, messagerie et appel vidéo.",
        "2.2" => "vous savez partager des fichiers et publier en choisissant qui peut voir.",
        "2.3" => "vous savez travailler à plusieurs sur un même document.",
        "2.4" => "vous savez faire vos démarches en ligne et gérer votre image sur Internet.",
        "3.1" => "vous savez mettre en forme un document texte clair.",
        "3.2" => "vous savez travailler des images, des sons, des vidéos ou des diaporamas.",
        "3.3" => "vous savez choisir le bon format et respecter les droits d'auteur.",
        "3.4" => "vous savez lire et écrire de petits programmes.",
        "4.1" => "vous savez protéger vos comptes et repérer les arnaques.",
        "4.2" => "vous savez protéger vos données personnelles et faire valoir vos droits.",
        "4.3" => "vous savez garder un usage du numérique bon pour la santé et l'environnement.",
        "5.1" => "vous savez résoudre seul les petits problèmes techniques.",
        "5.2" => "vous savez choisir et régler vos appareils et vos applications.",
        _ => "c'est un point fort.",
    }
}

/// A concrete next step to progress in this competence.
pub fn next_step(code: &str) -> &'static str {
    match code {
        "1.1" => {
            "entraînez-vous à chercher avec des mots-clés précis et à vérifier qui a écrit ce que vous lisez."
        }
        "1.2" => {
            "créez des dossiers avec des noms clairs et faites une sauvegarde régulière de vos fichiers."
        }
        "1.3" => "essayez un tableur : trier une liste, faire une somme, puis un graphique simple.",
        "2.1" => {
            "entraînez-vous à envoyer un courriel avec une pièce jointe, et à choisir entre « Répondre » et « Répondre à tous »."
        }
        "2.2" => "avant de partager, vérifiez qui pourra voir ou modifier ce que vous envoyez.",
        "2.3" => "essayez de modifier un document partagé et de laisser un commentaire.",
        "2.4" => {
            "créez votre compte sur un site public (par exemple avec FranceConnect) avec l'aide d'un conseiller numérique."
        }
        "3.1" => {
            "utilisez les titres et les listes de votre traitement de texte, puis enregistrez en PDF."
        }
        "3.2" => "entraînez-vous à recadrer une photo et à l'envoyer dans un format léger.",
        "3.3" => {
            "ajoutez un texte de remplacement à vos images et vérifiez la licence avant de réutiliser un contenu."
        }
        "3.4" => {
            "découvrez la programmation avec des exercices courts : suites d'instructions, conditions, boucles."
        }
        "4.1" => {
            "utilisez des mots de passe différents et longs, activez la double authentification, et méfiez-vous des messages pressants."
        }
        "4.2" => "regardez les autorisations de vos applications et refusez les cookies inutiles.",
        "4.3" => {
            "coupez les notifications inutiles, faites des pauses, et pensez à réparer ou donner vos appareils."
        }
        "5.1" => {
            "face à un problème, redémarrez, lisez le message d'erreur, puis décrivez-le précisément pour demander de l'aide."
        }
        "5.2" => {
            "explorez les réglages de votre téléphone (taille du texte, notifications, mises à jour)."
        }
        _ => "un conseiller numérique près de chez vous peut vous accompagner.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_crcn_competence_has_its_own_advice() {
        let codes = [
            "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1",
            "4.2", "4.3", "5.1", "5.2",
        ];
        let mut seen = std::collections::HashSet::new();
        for c in codes {
            assert!(
                seen.insert(next_step(c)),
                "next step for {c} repeats another"
            );
            assert!(seen.insert(strength(c)), "strength for {c} repeats another");
        }
        assert_eq!(next_step("9.9"), next_step("0.0"));
    }
}
