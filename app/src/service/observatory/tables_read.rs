//! Reading the published tables: each parsed once per stored version, its cells indexed by
//! their dimensions.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Cell, Table};
use crate::db::observatory;
use crate::service::ServiceError;

/// Parsed published tables of one server, by name, with the stamp (`updated_at`, length) of the
/// stored body each came from: a view reads the stamp and parses a table only when it changed
/// (on this instance or another).
#[derive(Default)]
pub struct Parsed(std::sync::Mutex<HashMap<String, Stamped>>);

/// A parsed table and the stamp (`updated_at`, length) of the body it came from.
type Stamped = (i64, i64, Arc<Published>);

/// A published table, parsed, with its cells indexed by their dimensions.
pub struct Published {
    table: Table,
    index: HashMap<BTreeMap<String, String>, usize>,
}

impl Published {
    fn new(table: Table) -> Self {
        let index = table
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.dimensions.clone(), i))
            .collect();
        Published { table, index }
    }

    /// The cell with exactly these dimensions.
    pub fn cell(&self, dimensions: &[(&str, String)]) -> Option<&Cell> {
        let key: BTreeMap<String, String> = dimensions
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        self.index.get(&key).map(|&i| &self.table.cells[i])
    }
}

impl std::ops::Deref for Published {
    type Target = Table;
    fn deref(&self) -> &Table {
        &self.table
    }
}

/// A published table as stored, if it has been published.
pub async fn published(
    db: &crate::db::Db,
    parsed: &Parsed,
    name: &str,
) -> Result<Option<Arc<Published>>, ServiceError> {
    let Some(stamp) = observatory::published_stamp(&db.pool, name).await? else {
        return Ok(None);
    };
    if let Some((updated_at, length, table)) = parsed.0.lock().expect("not poisoned").get(name)
        && (*updated_at, *length) == stamp
    {
        return Ok(Some(table.clone()));
    }
    let Some((updated_at, length, body)) = observatory::published(&db.pool, name).await? else {
        return Ok(None);
    };
    let table: Table =
        serde_json::from_str(&body).map_err(|e| ServiceError::Unexpected(e.into()))?;
    let table = Arc::new(Published::new(table));
    parsed
        .0
        .lock()
        .expect("not poisoned")
        .insert(name.to_owned(), (updated_at, length, table.clone()));
    Ok(Some(table))
}
