//! CSV as the exports write it (`/test export`, `/report`'s full list): RFC 4180 with CRLF
//! line ends, and cells a spreadsheet would run as a formula neutralised.

/// Characters a spreadsheet would treat as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes
/// doubled. A cell a spreadsheet would run as a formula gets a leading `'`.
pub fn cell(text: &str) -> String {
    let mut t = String::with_capacity(text.len() + 2);
    if text.starts_with(FORMULA_START) {
        t.push('\'');
    }
    t.push_str(text);
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

/// One CSV line (CRLF end) of `cells`, each written by [`cell`].
pub fn row(cells: &[String], out: &mut String) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+33 6"), "'+33 6");
        assert_eq!(cell("-20% price"), "'-20% price");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("\tcmd"), "'\tcmd");
        assert_eq!(cell("a = b"), "a = b");
        assert_eq!(cell(""), "");
    }
}
