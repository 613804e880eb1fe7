//! Descriptions of the API the catalogue checks, for other tools: `isym-conform export`.

pub mod openapi;
