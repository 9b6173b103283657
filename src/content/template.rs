//! `{name}` placeholders in copy, filled at reply time and checked at load time.

/// Replaces each `{name}` with its value. Unknown names are left as they are (load-time
/// validation makes sure there are none).
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_only() {
        assert_eq!(
            fill(
                "About {more} more {what}.",
                &[("more", "1,300"), ("what", "clicks")]
            ),
            "About 1,300 more clicks."
        );
        assert_eq!(fill("{x} and {y", &[("x", "1")]), "1 and {y");
        assert_eq!(placeholders("a {b} c {d}"), vec!["b", "d"]);
    }
}
