//! The `places` table: mediation places, upserted by the publisher's id.

use sqlx::{Any, FromRow};

use super::Write;
use crate::domain::{Place, PlaceService};
use crate::service::places::standard::PlaceRecord;

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Inserted,
    Updated,
    Unchanged,
}

/// `;a;b;` for a list (empty: `;`).
fn joined<S: AsRef<str>>(values: &[S]) -> String {
    let mut s = String::from(";");
    for v in values {
        s.push_str(v.as_ref());
        s.push(';');
    }
    s
}

fn split(joined: &str) -> Vec<String> {
    joined
        .split(';')
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Inserts the place, or updates it if its content changed.
pub async fn upsert(
    tx: &mut Write,
    p: &PlaceRecord,
    content_hash: &str,
    now: i64,
) -> sqlx::Result<Upserted> {
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT content_hash FROM places WHERE id = $1")
            .bind(&p.id)
            .fetch_optional(&mut ***tx)
            .await?;
    let outcome = match existing {
        Some((hash,)) if hash == content_hash => return Ok(Upserted::Unchanged),
        Some(_) => {
            sqlx::query("DELETE FROM places WHERE id = $1")
                .bind(&p.id)
                .execute(&mut ***tx)
                .await?;
            Upserted::Updated
        }
        None => Upserted::Inserted,
    };
    let services: Vec<&str> = p.services.iter().map(|s| s.code()).collect();
    sqlx::query(
        "INSERT INTO places (id, pivot, nom, commune, code_postal, code_insee, departement, \
         adresse, complement_adresse, latitude, longitude, date_maj, services, horaires, \
         telephone, site_web, prise_rdv, frais_a_charge, prise_en_charge_specifique, \
         modalites_acces, presentation_resume, content_hash, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21, $22, $23)",
    )
    .bind(&p.id)
    .bind(&p.pivot)
    .bind(&p.nom)
    .bind(&p.commune)
    .bind(&p.code_postal)
    .bind(&p.code_insee)
    .bind(&p.departement)
    .bind(&p.adresse)
    .bind(&p.complement_adresse)
    .bind(p.latitude)
    .bind(p.longitude)
    .bind(&p.date_maj)
    .bind(joined(&services))
    .bind(&p.horaires)
    .bind(&p.telephone)
    .bind(&p.site_web)
    .bind(&p.prise_rdv)
    .bind(joined(&p.frais_a_charge))
    .bind(joined(&p.prise_en_charge_specifique))
    .bind(joined(&p.modalites_acces))
    .bind(&p.presentation_resume)
    .bind(content_hash)
    .bind(now)
    .execute(&mut ***tx)
    .await?;
    Ok(outcome)
}

#[derive(FromRow)]
struct PlaceRow {
    id: String,
    nom: String,
    adresse: String,
    complement_adresse: Option<String>,
    code_postal: String,
    commune: String,
    departement: String,
    services: String,
    horaires: Option<String>,
    telephone: Option<String>,
    site_web: Option<String>,
    prise_rdv: Option<String>,
    frais_a_charge: String,
    prise_en_charge_specifique: String,
    modalites_acces: String,
    presentation_resume: Option<String>,
    date_maj: String,
}

impl From<PlaceRow> for Place {
    fn from(r: PlaceRow) -> Self {
        Place {
            id: r.id,
            nom: r.nom,
            adresse: r.adresse,
            complement_adresse: r.complement_adresse,
            code_postal: r.code_postal,
            commune: r.commune,
            departement: r.departement,
            services: split(&r.services)
                .iter()
                .filter_map(|c| PlaceService::from_code(c))
                .collect(),
            horaires: r.horaires,
            telephone: r.telephone,
            site_web: r.site_web,
            prise_rdv: r.prise_rdv,
            frais_a_charge: split(&r.frais_a_charge),
            prise_en_charge_specifique: split(&r.prise_en_charge_specifique),
            modalites_acces: split(&r.modalites_acces),
            presentation_resume: r.presentation_resume,
            date_maj: r.date_maj,
        }
    }
}

/// The places of a département, optionally offering a service and handling a specific need,
/// by name.
pub async fn in_departement<'e, E>(
    executor: E,
    departement: &str,
    service: Option<PlaceService>,
    need: Option<&str>,
) -> sqlx::Result<Vec<Place>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, PlaceRow>(
        "SELECT id, nom, adresse, complement_adresse, code_postal, commune, departement, \
         services, horaires, telephone, site_web, prise_rdv, frais_a_charge, \
         prise_en_charge_specifique, modalites_acces, presentation_resume, date_maj \
         FROM places WHERE departement = $1 AND services LIKE $2 \
         AND prise_en_charge_specifique LIKE $3 ORDER BY nom, id",
    )
    .bind(departement)
    .bind(service.map_or("%".to_owned(), |s| format!("%;{};%", s.code())))
    .bind(need.map_or("%".to_owned(), |n| format!("%;{n};%")))
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(Place::from).collect())
}

/// Number of places (for the import's report and tests).
pub async fn count<'e, E>(executor: E) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM places")
        .fetch_one(executor)
        .await?;
    Ok(n)
}
