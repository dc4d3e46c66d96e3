//! TEMPORARY stub, replaced by the real CJK-friendly emphasis module.
pub const SENTINEL: char = '\u{E000}';
pub fn prepare(_source: &str, _options: pulldown_cmark::Options) -> Option<String> {
    None
}
pub fn strip(text: &str) -> std::borrow::Cow<'_, str> {
    std::borrow::Cow::Borrowed(text)
}
