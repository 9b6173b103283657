//! The slash commands Discord gets for the test log, stats and privacy: words from the
//! prompts, Discord's limits, moderator permissions.

use funnel_coach::bot;
use funnel_coach::content::Content;
use poise::serenity_prelude as serenity;

use crate::prompts::content;

fn find<'a>(
    commands: &'a [poise::Command<bot::Data, bot::BotError>],
    name: &str,
) -> &'a poise::Command<bot::Data, bot::BotError> {
    commands
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no /{name}"))
}

fn sub<'a>(
    command: &'a poise::Command<bot::Data, bot::BotError>,
    name: &str,
) -> &'a poise::Command<bot::Data, bot::BotError> {
    command
        .subcommands
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no /{} {name}", command.name))
}

#[test]
fn every_command_subcommand_and_option_is_described_from_the_prompts() {
    let c = content();
    let commands = bot::commands(&c);
    for parent in ["test", "stats", "privacy"] {
        let command = find(&commands, parent);
        assert!(
            command.subcommand_required && command.guild_only,
            "/{parent}"
        );
        let copy = &c.ui.commands[parent];
        assert_eq!(
            command.description.as_deref(),
            Some(copy.description.as_str())
        );
        for s in &command.subcommands {
            let key = format!("{parent} {}", s.name);
            let copy =
                c.ui.commands
                    .get(&key)
                    .unwrap_or_else(|| panic!("ui.toml lacks [commands.\"{key}\"]"));
            assert_eq!(
                s.description.as_deref(),
                Some(copy.description.as_str()),
                "{key}"
            );
            for p in &s.parameters {
                let want = copy
                    .options
                    .get(p.name.as_ref())
                    .unwrap_or_else(|| panic!("{key}: option {}", p.name));
                assert_eq!(
                    p.description.as_deref(),
                    Some(want.as_str()),
                    "{key} {}",
                    p.name
                );
            }
        }
    }
    let test = find(&commands, "test");
    let names: Vec<&str> = test.subcommands.iter().map(|s| s.name.as_ref()).collect();
    assert_eq!(names, ["log", "result", "list", "show", "delete", "export"]);
}

#[test]
fn levers_are_choices_with_the_names_from_the_prompts() {
    let c = content();
    let commands = bot::commands(&c);
    let log = sub(find(&commands, "test"), "log");
    let lever = log.parameters.iter().find(|p| p.name == "lever").unwrap();
    let names: Vec<&str> = lever.choices.iter().map(|ch| ch.name.as_ref()).collect();
    assert_eq!(names.len(), 9);
    assert_eq!(
        names[0],
        c.test_log.levers[funnel_coach::funnel::Lever::ProductFit]
            .label
            .as_str()
    );
    assert!(
        names.contains(&"Offer: price, shipping, bundle, options"),
        "{names:?}"
    );
    assert!(names.contains(&"Call to action (CTA)"), "{names:?}");
    assert!(lever.required);
    // Required options come first, as Discord insists.
    let required: Vec<bool> = log.parameters.iter().map(|p| p.required).collect();
    assert_eq!(required, [true, true, false, false, false]);
}

#[test]
fn server_stats_is_for_moderators_only() {
    let c = content();
    let commands = bot::commands(&c);
    let moderation = find(&commands, "mod");
    // Discord hides /mod from members; poise checks every level again when it runs.
    assert_eq!(
        moderation.default_member_permissions,
        serenity::Permissions::MANAGE_MESSAGES
    );
    let stats = sub(moderation, "stats");
    assert_eq!(
        stats.required_permissions,
        serenity::Permissions::MANAGE_GUILD
    );
    let settings = sub(moderation, "settings");
    assert_eq!(
        settings.required_permissions,
        serenity::Permissions::MANAGE_GUILD
    );
    let guide = sub(moderation, "guide");
    assert_eq!(
        guide.required_permissions,
        serenity::Permissions::MANAGE_MESSAGES
    );
    let me = sub(find(&commands, "stats"), "me");
    assert!(me.required_permissions.is_empty());
    assert_eq!(
        find(&commands, "stats").subcommands.len(),
        1,
        "/stats server is gone"
    );
}

#[test]
#[allow(clippy::items_after_statements)] // `walk` sits next to its one use
fn what_discord_receives_fits_its_limits() {
    let c = content();
    let commands = bot::commands(&c);
    let name = regex::Regex::new(r"^[-_'\p{L}\p{N}]{1,32}$").unwrap();
    for command in &commands {
        let Some(built) = command.create_as_slash_command() else {
            continue;
        };
        let json = serde_json::to_value(&built).unwrap();
        let total = serde_json::to_string(&json).unwrap().len();
        assert!(total <= 8_000, "/{} is {total} characters", command.name);
        fn walk(v: &serde_json::Value, name: &regex::Regex, path: &str) {
            if let Some(n) = v.get("name").and_then(|n| n.as_str()) {
                if v.get("value").is_none() {
                    assert!(
                        name.is_match(n) && n.to_lowercase() == n,
                        "{path}: name `{n}`"
                    );
                    let d = v.get("description").and_then(|d| d.as_str()).unwrap_or("");
                    assert!(
                        (1..=100).contains(&d.chars().count()),
                        "{path} {n}: description `{d}`"
                    );
                } else {
                    assert!(
                        (1..=100).contains(&n.chars().count()),
                        "{path}: choice `{n}`"
                    );
                }
            }
            if let Some(opts) = v.get("options").and_then(|o| o.as_array()) {
                assert!(opts.len() <= 25, "{path}: {} options", opts.len());
                for o in opts {
                    walk(o, name, &format!("{path} {}", o["name"]));
                }
            }
            if let Some(choices) = v.get("choices").and_then(|o| o.as_array()) {
                assert!(choices.len() <= 25);
                for ch in choices {
                    walk(ch, name, path);
                }
            }
        }
        walk(&json, &name, &command.name);
    }
}

/// Every command and subcommand has its words in `prompts/ui.toml`, every `[commands."…"]`
/// there names a real command, and option descriptions and choice names match the code's
/// options one to one (otherwise Discord would show the Rust doc comment or stale names).
#[test]
fn every_command_has_its_words_and_no_words_are_orphaned() {
    fn walk(
        commands: &[poise::Command<bot::Data, bot::BotError>],
        parent: &str,
        out: &mut Vec<String>,
        c: &Content,
    ) {
        for command in commands {
            // A message command ("Decode this") has no options or description: its name and
            // words live in prompts/reader.toml (checked by tests/prompts' reader tests).
            if command.context_menu_action.is_some() {
                continue;
            }
            let key = if parent.is_empty() {
                command.name.to_string()
            } else {
                format!("{parent} {}", command.name)
            };
            let copy =
                c.ui.commands
                    .get(&key)
                    .unwrap_or_else(|| panic!("ui.toml has no [commands.\"{key}\"]"));
            let names: Vec<&str> = command.parameters.iter().map(|p| p.name.as_ref()).collect();
            for option in copy.options.keys() {
                assert!(
                    names.contains(&option.as_str()),
                    "{key}: no option `{option}`"
                );
            }
            for p in &command.parameters {
                assert!(
                    copy.options.contains_key(p.name.as_ref()),
                    "{key}: `{}` has no description",
                    p.name
                );
                if let Some(choices) = copy.choices.get(p.name.as_ref()) {
                    assert_eq!(
                        choices.len(),
                        p.choices.len(),
                        "{key}: choices of `{}`",
                        p.name
                    );
                }
            }
            out.push(key.clone());
            walk(&command.subcommands, &key, out, c);
        }
    }
    let c = content();
    let mut named = Vec::new();
    walk(&bot::commands(&c), "", &mut named, &c);
    for key in c.ui.commands.keys() {
        assert!(
            named.contains(key),
            "ui.toml describes `{key}`, which is not a command"
        );
    }
}
