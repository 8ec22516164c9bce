use super::html::{esc, file_slug};

#[test]
fn escapes_markup_and_quotes() {
    assert_eq!(esc("<a href=\"x\">Tổng & 'y'</a>"), "&lt;a href=&quot;x&quot;&gt;Tổng &amp; &#39;y&#39;&lt;/a&gt;");
    assert_eq!(file_slug("cao bang/2015"), "cao_bang_2015");
}
