//! Time zones offered while typing: `/mod settings timezone` and `/remind set`.

use poise::serenity_prelude as serenity;

use super::error::Context;
use crate::render::limits;

/// IANA zones for a typed name, common ones first (`/mod settings timezone`, `/remind set`).
pub async fn complete_zone(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = crate::schedule::zone::complete(partial, limits::AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|z| serenity::AutocompleteChoice::new(z.clone(), z))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
