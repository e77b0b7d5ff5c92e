//! Views of the model for other programs and for print: JSON shapes and Markdown.

pub mod handout;
pub mod json;
pub mod markdown;
