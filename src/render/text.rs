//! Replies as terminal text, for `funnel-coach define` and `decode` (and `/decode format:text`).

use super::reply::Reply;

/// The reply as readable text. With `markdown` false, Discord's `**bold**` marks are removed.
pub fn to_text(reply: &Reply, markdown: bool) -> String {
    let mut out = String::new();
    let title = if markdown {
        format!("**{}**", reply.title)
    } else {
        reply.title.clone()
    };
    out.push_str(&title);
    out.push('\n');
    if !reply.description.is_empty() {
        out.push_str(&reply.description);
        out.push('\n');
    }
    for f in &reply.fields {
        out.push('\n');
        if markdown {
            out.push_str(&format!("**{}**\n", f.name));
        } else {
            out.push_str(&f.name);
            out.push('\n');
        }
        out.push_str(&f.value);
        out.push('\n');
    }
    // In Discord the text form must fit one message; the footer is the first thing to go.
    if let Some(footer) = reply.footer.as_ref().filter(|_| !markdown) {
        out.push('\n');
        out.push_str(footer);
        out.push('\n');
    }
    // In a terminal the buttons become a line of names, after the footer that points to them.
    if !reply.buttons.is_empty() && !markdown {
        let labels: Vec<&str> = reply.buttons.iter().map(|b| b.label.as_str()).collect();
        out.push_str(&format!("→ {}\n", labels.join(" · ")));
    }
    if markdown {
        out
    } else {
        plain(&out)
    }
}

/// Text with Discord's bold, italic and code marks removed, for a terminal or JSON.
pub fn plain(text: &str) -> String {
    text.replace(['*', '`'], "")
}
