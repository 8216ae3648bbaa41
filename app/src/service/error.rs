//! What can go wrong in the service layer, split between the caller's faults (a clear 4xx
//! message, nothing stored) and ours (500, details only in the log).

/// The error of every service function.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Évaluation introuvable.")]
    NotFound,
    #[error("Jeton d'accès manquant ou invalide.")]
    Unauthorized,
    #[error("Cette question n'est pas la question en cours, ou elle a déjà reçu une réponse.")]
    NotCurrent,
    #[error("L'évaluation est terminée : plus aucune réponse n'est attendue.")]
    Finished,
    #[error("L'évaluation n'est pas terminée : le résultat n'est pas encore disponible.")]
    NotFinished,
    #[error("Le résumé anonyme a déjà été donné pour cette évaluation.")]
    AlreadyConsented,
    #[error("Réponse de forme incorrecte pour cette question : {0}")]
    InvalidResponse(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("Erreur interne. Réessayez dans un instant.")]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Unexpected(e.into())
    }
}

impl ServiceError {
    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            ServiceError::NotFound => 404,
            ServiceError::Unauthorized => 401,
            ServiceError::NotCurrent
            | ServiceError::Finished
            | ServiceError::NotFinished
            | ServiceError::AlreadyConsented => 409,
            ServiceError::InvalidResponse(_) => 422,
            ServiceError::BadRequest(_) => 400,
            ServiceError::Unexpected(_) => 500,
        }
    }

    /// Whether the caller simply has no (valid) access to this assessment.
    pub fn is_auth(&self) -> bool {
        matches!(self, ServiceError::NotFound | ServiceError::Unauthorized)
    }

    /// The sentence shown to the caller (never internal details).
    pub fn public_message(&self) -> String {
        if let ServiceError::Unexpected(e) = self {
            tracing::error!(error = ?e, "unexpected error");
        }
        self.to_string()
    }
}
