//! Types shared by the server (which fills them) and the browser (which hydrates from them):
//! the ways to answer an item, progress, results, territory and age bands. Nothing here may
//! carry a solution before the answer is stored: an [`item::ItemDisplay`] is built from the
//! item bank's `ItemView`, which has none.

pub mod item;
pub mod mediation;
pub mod place;
pub mod premiers_pas;
pub mod result;
pub mod territory;

pub use item::{AnswerWay, CurrentPage, ItemDisplay, Labelled, Media, Progress, TaskAction, Zone};
pub use place::{NEEDS, Place, PlaceCard, PlaceService, PlacesNear, PlacesQuery};
pub use premiers_pas::{BeginnerResult, Orientation, Outcome, SkillOutcome};
pub use result::{AnswerReview, CompetenceLevel, DomainLevel, ResultPage, ResultView};
pub use territory::{AGE_BANDS, COG_YEAR, DEPARTEMENT_PATTERN, departements};
