//! Structures: creating one (with the INSEE code of its place), its admins' view of it and of
//! its staff, the place they set, and the platform admins' list of every structure.

use super::StaffMember;
use super::accounts::member;
use crate::db::{self, Db, staff as rows};
use crate::domain::mediation::{Role, is_commune_code};
use crate::service::{ServiceError, token};

/// An optional INSEE commune code (blank is absent).
fn commune_field(commune: Option<&str>) -> Result<Option<String>, ServiceError> {
    match commune.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) if is_commune_code(c) => Ok(Some(c.to_owned())),
        Some(_) => Err(ServiceError::InvalidField(
            "commune",
            super::FieldProblem::NotAllowed,
        )),
    }
}

/// Creates a structure, with the INSEE code of its place if given; returns its id.
pub async fn create_structure(
    db: &Db,
    name: &str,
    commune: Option<&str>,
) -> Result<String, ServiceError> {
    let name = super::text_field("name", name, 120)?;
    let row = rows::StructureRow {
        id: token::new_id()?,
        name,
        commune: commune_field(commune)?,
        created_at: db::now_ms(),
    };
    let mut tx = db.begin_write().await?;
    rows::insert_structure(&mut tx, &row).await?;
    tx.commit().await?;
    tracing::info!(structure = %row.id, "structure created");
    Ok(row.id)
}

/// A structure and its staff, for its admins.
pub async fn structure_staff(
    db: &Db,
    who: &StaffMember,
) -> Result<(Structure, Vec<StaffMember>), ServiceError> {
    staff_of(db, who, &who.structure_id).await
}

/// A structure as its admins see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    pub id: String,
    pub name: String,
    /// INSEE code of the place where it receives people (La Coop's `lieu_code_insee`).
    pub commune: Option<String>,
}

impl From<rows::StructureRow> for Structure {
    fn from(r: rows::StructureRow) -> Self {
        Structure {
            id: r.id,
            name: r.name,
            commune: r.commune,
        }
    }
}

/// The caller's structure.
pub async fn own_structure(db: &Db, who: &StaffMember) -> Result<Structure, ServiceError> {
    rows::structure(&db.pool, &who.structure_id)
        .await?
        .map(Structure::from)
        .ok_or(ServiceError::NoSuchObject)
}

/// Sets (or clears) the INSEE code of the caller's structure's place: its admins only.
pub async fn set_commune(
    db: &Db,
    who: &StaffMember,
    commune: Option<&str>,
) -> Result<(), ServiceError> {
    if !matches!(who.role, Role::StructureAdmin | Role::PlatformAdmin) {
        return Err(ServiceError::Forbidden);
    }
    let commune = commune_field(commune)?;
    let mut tx = db.begin_write().await?;
    rows::set_structure_commune(&mut tx, &who.structure_id, commune.as_deref()).await?;
    tx.commit().await?;
    tracing::info!(structure = %who.structure_id, "structure's place set");
    Ok(())
}

/// A platform admin creates a structure.
pub async fn create_structure_as(
    db: &Db,
    who: &StaffMember,
    name: &str,
    commune: Option<&str>,
) -> Result<String, ServiceError> {
    if who.role != Role::PlatformAdmin {
        return Err(ServiceError::Forbidden);
    }
    create_structure(db, name, commune).await
}

/// A structure and its staff: its own admins, and platform admins for any structure.
pub async fn staff_of(
    db: &Db,
    who: &StaffMember,
    structure_id: &str,
) -> Result<(Structure, Vec<StaffMember>), ServiceError> {
    match who.role {
        Role::PlatformAdmin => {}
        Role::StructureAdmin if who.structure_id == structure_id => {}
        Role::StructureAdmin => return Err(ServiceError::NoSuchObject),
        Role::Mediator | Role::Analyst => return Err(ServiceError::Forbidden),
    }
    let structure = rows::structure(&db.pool, structure_id)
        .await?
        .ok_or(ServiceError::NoSuchObject)?;
    let staff = rows::staff_of_structure(&db.pool, structure_id)
        .await?
        .into_iter()
        .map(member)
        .collect::<Result<_, _>>()?;
    Ok((structure.into(), staff))
}

/// Every structure: platform admins only.
pub async fn all_structures(db: &Db, who: &StaffMember) -> Result<Vec<Structure>, ServiceError> {
    if who.role != Role::PlatformAdmin {
        return Err(ServiceError::Forbidden);
    }
    Ok(rows::structures(&db.pool)
        .await?
        .into_iter()
        .map(Structure::from)
        .collect())
}
