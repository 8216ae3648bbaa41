//! Messages for what went wrong, as the adapters (REST API, form pages) say it to people.
//! The service layer's errors carry no text of their own; the adapters pick one of these.

/// Error messages of one language.
#[derive(Debug, Clone, Copy)]
pub struct Errors {
    pub not_found: &'static str,
    pub unauthorized: &'static str,
    pub missing_credentials: &'static str,
    pub not_current: &'static str,
    pub finished: &'static str,
    pub not_finished: &'static str,
    pub already_consented: &'static str,
    /// "{detail}": what is wrong with the response's shape.
    pub invalid_response: &'static str,
    /// "{path}"
    pub unknown_path: &'static str,
    /// "{code}"
    pub unknown_departement: &'static str,
    /// "{band}"
    pub unknown_age_band: &'static str,
    /// The operation does not exist on this assessment's path.
    pub not_for_this_path: &'static str,
    /// "{detail}": which parameter of the query is wrong.
    pub invalid_query: &'static str,
    /// "{id}": the request id to quote when reporting the problem.
    pub internal: &'static str,
    pub unknown_api_path: &'static str,
    /// "{name}": the table asked for.
    pub unknown_table: &'static str,
    pub body_too_large: &'static str,
    pub unreadable_body: &'static str,
    /// "{detail}"
    pub invalid_json: &'static str,
    pub too_many_requests: &'static str,
    pub cross_site: &'static str,
}

/// French.
pub const FR: Errors = Errors {
    not_found: "Évaluation introuvable.",
    unauthorized: "Jeton d'accès manquant ou invalide.",
    missing_credentials: "En-tête « Authorization: Bearer <jeton> » manquant.",
    not_current: "Cette question n'est pas la question en cours, ou elle a déjà reçu une réponse.",
    finished: "L'évaluation est terminée : plus aucune réponse n'est attendue.",
    not_finished: "L'évaluation n'est pas terminée : le résultat n'est pas encore disponible.",
    already_consented: "Le résumé anonyme a déjà été donné pour cette évaluation.",
    invalid_response: "Réponse de forme incorrecte pour cette question : {detail}",
    unknown_path: "Parcours inconnu « {path} » : seul « citizen » existe pour l'instant.",
    unknown_departement: "Département inconnu : « {code} ».",
    unknown_age_band: "Tranche d'âge inconnue : « {band} ».",
    not_for_this_path: "Cette action n'existe pas pour ce parcours.",
    invalid_query: "Paramètre de recherche invalide : {detail}.",
    internal: "Erreur interne. Réessayez dans un instant. Si le problème continue, donnez cette référence : {id}.",
    unknown_api_path: "Adresse d'API inconnue.",
    unknown_table: "Tableau inconnu : « {name} ». La liste des tableaux publiés est à /api/v1/observatory/tables.",
    body_too_large: "Requête trop volumineuse (16 Kio au plus).",
    unreadable_body: "Corps de requête illisible.",
    invalid_json: "JSON invalide : {detail}",
    too_many_requests: "Trop de demandes en peu de temps depuis votre adresse. Patientez une minute, puis réessayez.",
    cross_site: "Demande refusée : elle vient d'un autre site.",
};
