//! "Premiers pas": the path for people who have barely used a screen: its start page, the
//! "Écouter" button of its tasks, and the result sheet with places near home.

mod listen;
mod sheet;
mod start;

pub use listen::Listen;
pub use sheet::BeginnerSheet;
pub use start::StartPage;
