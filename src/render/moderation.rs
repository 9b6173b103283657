//! What `/mod` answers: settings with who changed them and when, guide confirmations, and the
//! welcome. Moderators and channels are shown as Discord mentions (`<@id>`, `<#id>`), which
//! Discord draws as names; replies allow no mentions, so nobody is pinged.

use super::components::{ComponentId, ModId};
use super::format;
use super::{Button, Reply, Tone};
use crate::content::moderation::{ModCopy, SettingsCopy};
use crate::funnel::Thresholds;
use crate::moderation::{Action, Logged, ServerSettings};

/// A date Discord shows in each reader's own time zone and language.
pub fn date(at: i64) -> String {
    format!("<t:{at}:f>")
}

pub fn user(id: u64) -> String {
    format!("<@{id}>")
}

pub fn channel(id: u64) -> String {
    format!("<#{id}>")
}

fn changed(latest: &[Logged], action: Action, copy: &SettingsCopy) -> String {
    latest.iter().find(|l| l.action == action).map_or_else(
        || copy.never_changed.to_string(),
        |l| {
            copy.changed
                .fill(&[("moderator", &user(l.moderator)), ("date", &date(l.at))])
        },
    )
}

/// `/mod settings show`: each setting, who changed it and when, and the latest change of
/// every kind.
pub fn settings(
    thresholds: Thresholds,
    settings: &ServerSettings,
    latest: &[Logged],
    copy: &ModCopy,
) -> Reply {
    let c = &copy.settings;
    let targets = c.thresholds_value.fill(&[
        ("ctr", &format::target(thresholds.ctr)),
        ("ctor", &format::target(thresholds.ctor)),
    ]);
    let channel_value = settings
        .guide_channel
        .map_or_else(|| c.guide_channel_none.to_string(), channel);
    let zone = settings
        .timezone
        .clone()
        .unwrap_or_else(|| c.timezone_none.to_string());
    let line = |value: String, action| format!("{value}\n{}", changed(latest, action, c));
    Reply::new(c.show_title.to_string(), String::new(), Tone::Info)
        .field(c.thresholds.to_string(), line(targets, Action::Thresholds))
        .field(
            c.guide_channel.to_string(),
            line(channel_value, Action::GuideChannel),
        )
        .field(c.timezone.to_string(), line(zone, Action::Timezone))
        .field(c.recent_title.to_string(), recent(latest, copy))
}

/// The latest change of each kind, one line each (for `/mod settings show` and `/mod stats`).
pub fn recent(latest: &[Logged], copy: &ModCopy) -> String {
    let c = &copy.settings;
    if latest.is_empty() {
        return c.recent_none.to_string();
    }
    let lines: Vec<String> = latest
        .iter()
        .map(|l| {
            c.recent_line.fill(&[
                ("action", &c.actions[l.action].to_string()),
                ("detail", &format::clip(&detail(l), 80)),
                ("moderator", &user(l.moderator)),
                ("date", &date(l.at)),
            ])
        })
        .collect();
    format::clip(&lines.join("\n"), super::limits::FIELD_VALUE)
}

/// How a logged change reads in the list: a channel as a mention, targets as percentages.
fn detail(l: &Logged) -> String {
    match l.action {
        Action::GuideChannel => l
            .detail
            .parse::<u64>()
            .map_or_else(|_| l.detail.clone(), channel),
        Action::Thresholds => {
            let mut parts = l.detail.split(' ').filter_map(|p| p.parse::<f64>().ok());
            match (parts.next(), parts.next()) {
                (Some(ctr), Some(ctor)) => {
                    format!("{} · {}", format::target(ctr), format::target(ctor))
                }
                _ => l.detail.clone(),
            }
        }
        _ => l.detail.clone(),
    }
}

/// A confirmation with a title and one sentence.
pub fn done(title: &str, message: String) -> Reply {
    Reply::new(title, message, Tone::Good)
}

/// "Delete this guide?" with its two buttons.
pub fn delete_confirm(id: i64, title: &str, copy: &ModCopy) -> Reply {
    let g = &copy.guide;
    let mut r = Reply::new(
        g.delete_confirm_title.to_string(),
        g.delete_confirm.fill(&[("title", title)]),
        Tone::Caution,
    );
    r.buttons = vec![
        Button {
            label: g.delete_button.to_string(),
            custom_id: ModId::Delete(id).custom_id(),
        },
        Button {
            label: g.keep_button.to_string(),
            custom_id: ModId::Keep.custom_id(),
        },
    ];
    r
}

/// "Replace this guide?" before an upload takes the place of a guide of the same title.
pub fn replace_confirm(pending: i64, title: &str, copy: &ModCopy) -> Reply {
    let g = &copy.guide;
    let mut r = Reply::new(
        g.replace_confirm_title.to_string(),
        g.replace_confirm.fill(&[("title", title)]),
        Tone::Caution,
    );
    r.buttons = vec![
        Button {
            label: g.replace_button.to_string(),
            custom_id: ModId::Replace(pending).custom_id(),
        },
        Button {
            label: g.keep_button.to_string(),
            custom_id: ModId::Keep.custom_id(),
        },
    ];
    r
}

/// The welcome posted once when the bot joins a server.
pub fn welcome(copy: &ModCopy) -> Reply {
    Reply::new(
        copy.welcome.title.to_string(),
        copy.welcome.body.to_string(),
        Tone::Info,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;

    #[test]
    fn settings_say_who_changed_what_and_when() {
        let content = Content::load(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("prompts")
                .as_path(),
        )
        .expect("prompts");
        let latest = vec![Logged {
            action: Action::Thresholds,
            moderator: 42,
            detail: "0.015 0.02".into(),
            at: 1_700_000_000,
        }];
        let s = ServerSettings {
            guide_channel: Some(7),
            timezone: None,
        };
        let t = Thresholds {
            ctr: 0.015,
            ctor: 0.02,
        };
        let r = settings(t, &s, &latest, &content.moderation);
        assert!(r.fields[0].value.contains("Product CTR 1.5%"), "{r:?}");
        assert!(
            r.fields[0].value.contains("<@42>") && r.fields[0].value.contains("<t:1700000000:f>")
        );
        assert!(r.fields[1].value.contains("<#7>"));
        assert!(
            r.fields[1].value.contains("nobody changed it"),
            "{:?}",
            r.fields[1]
        );
        assert!(r.fields[3].value.contains("1.5% · 2%"), "{:?}", r.fields[3]);
        assert!(super::super::limits::check(&r).is_empty());
    }
}
