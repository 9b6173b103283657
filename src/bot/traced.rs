//! One tracing span per interaction, opened where every interaction enters the bot: poise's
//! framework, wrapped. Every line logged while a command, an autocomplete, a click or a pop-up
//! is handled (the command's own, its failure, a chart that came late) carries the span's
//! `command`, `guild` and `user`, so no log line spells them out.

use poise::serenity_prelude as serenity;
use serenity::{CommandData, CommandDataOptionValue, FullEvent, Interaction};
use tracing::{Instrument, Span};

use super::{components, BotError, Data};

/// poise's framework, with each interaction's events handled inside that interaction's span.
pub struct Traced(pub poise::Framework<Data, BotError>);

#[serenity::async_trait]
impl serenity::Framework for Traced {
    async fn init(&mut self, client: &serenity::Client) {
        self.0.init(client).await;
    }

    async fn dispatch(&self, ctx: serenity::Context, event: FullEvent) {
        match span(&event) {
            Some(span) => self.0.dispatch(ctx, event).instrument(span).await,
            None => self.0.dispatch(ctx, event).await,
        }
    }
}

/// The span of an interaction, or `None` for any other event. At the error level, so a filter
/// that keeps only warnings still shows whose they are.
fn span(event: &FullEvent) -> Option<Span> {
    let FullEvent::InteractionCreate { interaction } = event else {
        return None;
    };
    let (command, guild, user) = match interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => {
            (qualified_name(&c.data), c.guild_id, c.user.id)
        }
        Interaction::Component(c) => (
            components::action(&c.data.custom_id).to_owned(),
            c.guild_id,
            c.user.id,
        ),
        Interaction::Modal(m) => (
            components::action(&m.data.custom_id).to_owned(),
            m.guild_id,
            m.user.id,
        ),
        _ => return None,
    };
    Some(tracing::error_span!(
        "interaction",
        command = %command,
        guild = guild.map(serenity::GuildId::get),
        user = user.get()
    ))
}

/// The command with its subcommand group and subcommand, as poise names it (`"mod settings
/// show"`).
fn qualified_name(data: &CommandData) -> String {
    let mut name = data.name.clone();
    let mut options = &data.options;
    while let Some(o) = options.first() {
        match &o.value {
            CommandDataOptionValue::SubCommand(inner)
            | CommandDataOptionValue::SubCommandGroup(inner) => {
                name.push(' ');
                name.push_str(&o.name);
                options = inner;
            }
            _ => break,
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(json: serde_json::Value) -> CommandData {
        serde_json::from_value(json).expect("command data")
    }

    #[test]
    fn a_command_is_named_with_its_subcommands() {
        let plain = data(serde_json::json!({
            "id": "1", "name": "define", "type": 1,
            "options": [{"name": "term", "type": 3, "value": "ctr"}]
        }));
        assert_eq!(qualified_name(&plain), "define");
        let nested = data(serde_json::json!({
            "id": "1", "name": "mod", "type": 1,
            "options": [{"name": "settings", "type": 2, "options": [
                {"name": "guide-channel", "type": 1, "options": [
                    {"name": "channel", "type": 7, "value": "5"}
                ]}
            ]}]
        }));
        assert_eq!(qualified_name(&nested), "mod settings guide-channel");
    }
}
