//! Scenarios: the file format, loading and validation, templates, and expansion into cases.

pub mod assertion;
pub mod expand;
pub mod format;
pub mod generate;
pub mod load;
pub mod model;
pub mod template;
pub(crate) mod validate;

pub use expand::Case;
pub use load::{load_catalogue, load_spec_text, Catalogue};
