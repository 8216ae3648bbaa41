//! Plain-words advice for the result page, per CRCN competence, as data.

/// What to say about one competence.
#[derive(Debug, Clone, Copy)]
pub struct CompetenceAdvice {
    /// CRCN competence code (`"4.1"`).
    pub code: &'static str,
    /// What someone strong in this competence can already do.
    pub strength: &'static str,
    /// A concrete next step to progress in it.
    pub next_step: &'static str,
}

/// One language's advice table.
#[derive(Debug, Clone, Copy)]
pub struct Advice {
    pub competences: &'static [CompetenceAdvice],
    /// For a competence the table does not know.
    pub default_strength: &'static str,
    pub default_next_step: &'static str,
}

impl Advice {
    /// What someone strong in `code` can already do.
    pub fn strength(&self, code: &str) -> &'static str {
        self.find(code)
            .map_or(self.default_strength, |a| a.strength)
    }

    /// A concrete next step in `code`.
    pub fn next_step(&self, code: &str) -> &'static str {
        self.find(code)
            .map_or(self.default_next_step, |a| a.next_step)
    }

    fn find(&self, code: &str) -> Option<&'static CompetenceAdvice> {
        self.competences.iter().find(|a| a.code == code)
    }
}

/// French.
pub const FR: Advice = Advice {
    competences: &[
        CompetenceAdvice {
            code: "1.1",
            strength: "vous savez chercher une information et juger si la source est fiable.",
            next_step: "entraînez-vous à chercher avec des mots-clés précis et à vérifier qui a écrit ce que vous lisez.",
        },
        CompetenceAdvice {
            code: "1.2",
            strength: "vous savez ranger, retrouver et sauvegarder vos fichiers.",
            next_step: "créez des dossiers avec des noms clairs et faites une sauvegarde régulière de vos fichiers.",
        },
        CompetenceAdvice {
            code: "1.3",
            strength: "vous savez utiliser un tableau pour trier, calculer et présenter des données.",
            next_step: "essayez un tableur : trier une liste, faire une somme, puis un graphique simple.",
        },
        CompetenceAdvice {
            code: "2.1",
            strength: "vous savez communiquer par courriel, messagerie et appel vidéo.",
            next_step: "entraînez-vous à envoyer un courriel avec une pièce jointe, et à choisir entre « Répondre » et « Répondre à tous ».",
        },
        CompetenceAdvice {
            code: "2.2",
            strength: "vous savez partager des fichiers et publier en choisissant qui peut voir.",
            next_step: "avant de partager, vérifiez qui pourra voir ou modifier ce que vous envoyez.",
        },
        CompetenceAdvice {
            code: "2.3",
            strength: "vous savez travailler à plusieurs sur un même document.",
            next_step: "essayez de modifier un document partagé et de laisser un commentaire.",
        },
        CompetenceAdvice {
            code: "2.4",
            strength: "vous savez faire vos démarches en ligne et gérer votre image sur Internet.",
            next_step: "créez votre compte sur un site public (par exemple avec FranceConnect) avec l'aide d'un conseiller numérique.",
        },
        CompetenceAdvice {
            code: "3.1",
            strength: "vous savez mettre en forme un document texte clair.",
            next_step: "utilisez les titres et les listes de votre traitement de texte, puis enregistrez en PDF.",
        },
        CompetenceAdvice {
            code: "3.2",
            strength: "vous savez travailler des images, des sons, des vidéos ou des diaporamas.",
            next_step: "entraînez-vous à recadrer une photo et à l'envoyer dans un format léger.",
        },
        CompetenceAdvice {
            code: "3.3",
            strength: "vous savez choisir le bon format et respecter les droits d'auteur.",
            next_step: "ajoutez un texte de remplacement à vos images et vérifiez la licence avant de réutiliser un contenu.",
        },
        CompetenceAdvice {
            code: "3.4",
            strength: "vous savez lire et écrire de petits programmes.",
            next_step: "découvrez la programmation avec des exercices courts : suites d'instructions, conditions, boucles.",
        },
        CompetenceAdvice {
            code: "4.1",
            strength: "vous savez protéger vos comptes et repérer les arnaques.",
            next_step: "utilisez des mots de passe différents et longs, activez la double authentification, et méfiez-vous des messages pressants.",
        },
        CompetenceAdvice {
            code: "4.2",
            strength: "vous savez protéger vos données personnelles et faire valoir vos droits.",
            next_step: "regardez les autorisations de vos applications et refusez les cookies inutiles.",
        },
        CompetenceAdvice {
            code: "4.3",
            strength: "vous savez garder un usage du numérique bon pour la santé et l'environnement.",
            next_step: "coupez les notifications inutiles, faites des pauses, et pensez à réparer ou donner vos appareils.",
        },
        CompetenceAdvice {
            code: "5.1",
            strength: "vous savez résoudre seul les petits problèmes techniques.",
            next_step: "face à un problème, redémarrez, lisez le message d'erreur, puis décrivez-le précisément pour demander de l'aide.",
        },
        CompetenceAdvice {
            code: "5.2",
            strength: "vous savez choisir et régler vos appareils et vos applications.",
            next_step: "explorez les réglages de votre téléphone (taille du texte, notifications, mises à jour).",
        },
    ],
    default_strength: "c'est un point fort.",
    default_next_step: "un conseiller numérique près de chez vous peut vous accompagner.",
};

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
                seen.insert(FR.next_step(c)),
                "next step for {c} repeats another"
            );
            assert!(
                seen.insert(FR.strength(c)),
                "strength for {c} repeats another"
            );
        }
        assert_eq!(FR.next_step("9.9"), FR.next_step("0.0"));
    }
}
