//! `/report file:<attachment> [private]`: a Seller Center export, every product decoded and
//! ranked. The attachment's size, type and address are checked before anything is downloaded;
//! the download itself has a time limit and a size cap. Nothing is stored, and the file's
//! contents are never logged.
//!
//! The answer is deferred privately while the bot works, so every refusal stays private, also
//! one found after the download (a file that is not an export). With `private: false` the
//! private placeholder then says the report is posted, and the report follows for everyone.

use poise::serenity_prelude as serenity;
use serenity::CreateAttachment;
use tracing::info;

use super::error::{BotError, Context};
use super::permissions::Level;
use super::{attachments, chart, reply};
use crate::render;
use crate::render::format::clip;
use crate::render::report::Shown;
use crate::report::sheet::MAX_BYTES;
use crate::report::{build, ReportError};

/// File extensions taken as a spreadsheet export.
const EXTENSIONS: [&str; 2] = ["csv", "xlsx"];
/// Media types taken as one (Windows calls a CSV file `application/vnd.ms-excel`).
const MEDIA_TYPES: [&str; 4] = [
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "text/plain",
];

/// Decode a whole Seller Center export (CSV or Excel)
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn report(
    ctx: Context<'_>,
    file: serenity::Attachment,
    private: Option<bool>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let copy = &data.content.report;
    let refuse = |message: String| BotError::user(copy.errors.title.clone(), message);
    // Before anything is downloaded: the size Discord reports, the kind of file, the address.
    let size = usize::try_from(file.size).unwrap_or(usize::MAX);
    if size > MAX_BYTES {
        return Err(refuse(render::report::error(
            &ReportError::TooBig { bytes: size },
            copy,
        )));
    }
    if !looks_like_a_spreadsheet(&file) {
        let name = one_line(&file.filename).replace('`', "'");
        return Err(refuse(
            copy.errors.wrong_type.fill(&[("kind", &clip(&name, 60))]),
        ));
    }
    let Some(bytes) = attachments::fetch(ctx, &file.url, MAX_BYTES).await? else {
        return Err(refuse(copy.errors.download.to_string()));
    };
    let guild = ctx.guild_id().map(serenity::GuildId::get);
    let thresholds = data.db.thresholds(guild).await?;
    let downloaded = bytes.len();
    let report = tokio::task::spawn_blocking(move || build(&bytes, thresholds))
        .await?
        .map_err(|e| refuse(render::report::error(&e, copy)))?;
    info!(
        bytes = downloaded,
        products = report.products.len(),
        skipped = report.skipped.len(),
        "report decoded"
    );
    let mut summary = render::report::summary(&report, Shown::DISCORD, copy, &data.content.decode);
    // Tests are kept per server, so the button only shows in one.
    if guild.is_some() {
        summary.buttons.extend(render::report::log_button(
            &report,
            ctx.author().id.get(),
            copy,
        ));
    }
    let totals = report.totals.clone();
    let content = data.content.clone();
    let png = chart::draw(move || render::chart::funnel(&totals, &content.decode)).await;
    let alt = render::chart::alt_text(&report.totals, &data.content.decode);
    let (summary, picture) = chart::attach(summary, png, alt);
    let ephemeral = private.unwrap_or(true);
    let mut message = reply::command(&summary, ephemeral).attachment(CreateAttachment::bytes(
        render::report::csv(&report, copy).into_bytes(),
        copy.csv.filename.to_string(),
    ));
    if let Some(picture) = picture {
        message = message.attachment(picture);
    }
    if !ephemeral {
        // The deferred answer is private: it says where the report went.
        ctx.send(reply::command_text(copy.labels.posted.to_string(), true))
            .await?;
    }
    ctx.send(message).await?;
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A CSV or XLSX file by its name, and not something else by its media type (a picture named
/// `.csv` is still a picture).
pub fn looks_like_a_spreadsheet(file: &serenity::Attachment) -> bool {
    let extension = file
        .filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let by_name = extension
        .as_deref()
        .is_some_and(|e| EXTENSIONS.contains(&e));
    let media = file.content_type.as_deref().map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    match media {
        Some(t) if MEDIA_TYPES.contains(&t.as_str()) => by_name || t != "text/plain",
        Some(_) => false,
        None => by_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(filename: &str, content_type: Option<&str>) -> serenity::Attachment {
        serde_json::from_value(serde_json::json!({
            "id": "1",
            "filename": filename,
            "size": 10,
            "url": "https://cdn.discordapp.com/attachments/1/2/x",
            "proxy_url": "https://media.discordapp.net/attachments/1/2/x",
            "content_type": content_type,
        }))
        .unwrap()
    }

    #[test]
    fn only_csv_and_xlsx_files_are_downloaded() {
        assert!(looks_like_a_spreadsheet(&attachment(
            "export.csv",
            Some("text/csv; charset=utf-8")
        )));
        assert!(looks_like_a_spreadsheet(&attachment("Export.XLSX", None)));
        assert!(looks_like_a_spreadsheet(&attachment(
            "export.xlsx",
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )));
        assert!(looks_like_a_spreadsheet(&attachment(
            "export.csv",
            Some("application/vnd.ms-excel")
        )));
        assert!(!looks_like_a_spreadsheet(&attachment(
            "photo.png",
            Some("image/png")
        )));
        assert!(!looks_like_a_spreadsheet(&attachment(
            "photo.csv",
            Some("image/png")
        )));
        assert!(!looks_like_a_spreadsheet(&attachment(
            "notes.txt",
            Some("text/plain")
        )));
        assert!(!looks_like_a_spreadsheet(&attachment("report.pdf", None)));
        assert!(!looks_like_a_spreadsheet(&attachment("csv", None)));
    }
}
