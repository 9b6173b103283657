//! Files members attach (a spreadsheet for `/report`, a guide for `/mod guide upload`):
//! downloaded only from Discord's file servers (or the configured proxy), with a size limit.

use std::sync::LazyLock;
use std::time::Duration;

use tracing::warn;

use super::error::{BotError, Context};

/// The longest a download may take, from connecting to the last byte.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(20);

/// Where Discord serves attachments. With `DISCORD_PROXY_URL` set, every Discord call goes to
/// that proxy, so attachments are fetched from its host too (and only from there).
pub const ATTACHMENT_HOSTS: [&str; 2] = ["cdn.discordapp.com", "media.discordapp.net"];

/// The attachment's address when it is one the bot downloads from: Discord's file servers over
/// HTTPS, or, when Discord is reached through `DISCORD_PROXY_URL`, that proxy's own origin.
pub fn allowed_url(url: &str, proxy: Option<&str>) -> Option<reqwest::Url> {
    let url = reqwest::Url::parse(url).ok()?;
    let discord = url.scheme() == "https"
        && url
            .host_str()
            .is_some_and(|h| ATTACHMENT_HOSTS.contains(&h))
        && url.port().is_none();
    let via_proxy = proxy
        .and_then(|p| reqwest::Url::parse(p).ok())
        .is_some_and(|p| p.origin() == url.origin());
    (discord || via_proxy).then_some(url)
}

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// Without the address: it holds the member's file name.
    #[error("{0}")]
    Http(reqwest::Error),
    #[error("status {0}")]
    Status(reqwest::StatusCode),
    #[error("over {0} bytes")]
    TooBig(usize),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

impl From<reqwest::Error> for DownloadError {
    fn from(e: reqwest::Error) -> DownloadError {
        DownloadError::Http(e.without_url())
    }
}

/// One client for downloads: a time limit on the whole request and no redirects (an address
/// checked is the address fetched).
static CLIENT: LazyLock<Result<reqwest::Client, String>> = LazyLock::new(|| {
    reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(5))
        .timeout(DOWNLOAD_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
});

/// The file's bytes, read up to `max` (one more byte is an error, whatever the size said).
pub async fn download(url: reqwest::Url, max: usize) -> Result<Vec<u8>, DownloadError> {
    let client = CLIENT
        .as_ref()
        .map_err(|e| DownloadError::Client(e.clone()))?;
    let mut response = client.get(url).send().await?;
    if !response.status().is_success() {
        return Err(DownloadError::Status(response.status()));
    }
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(DownloadError::TooBig(max));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if bytes.len() + chunk.len() > max {
            return Err(DownloadError::TooBig(max));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The attachment at `url`, up to `max` bytes, or `None` (the reason logged) when it is not on
/// Discord's file server or cannot be downloaded. The member sees "thinking…" privately while
/// it downloads.
pub async fn fetch(ctx: Context<'_>, url: &str, max: usize) -> Result<Option<Vec<u8>>, BotError> {
    let Some(url) = allowed_url(url, ctx.http().proxy.as_deref()) else {
        warn!("the attachment is not on Discord's file server; not downloaded");
        return Ok(None);
    };
    ctx.defer_ephemeral().await?;
    match download(url, max).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) => {
            warn!(error = %e, "could not download the attachment");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_come_from_discord_or_the_configured_proxy_only() {
        let cdn = "https://cdn.discordapp.com/attachments/1/2/export.csv?ex=1";
        assert!(allowed_url(cdn, None).is_some());
        assert!(allowed_url("https://media.discordapp.net/attachments/1/2/a.csv", None).is_some());
        assert!(allowed_url("http://cdn.discordapp.com/attachments/1/2/a.csv", None).is_none());
        assert!(allowed_url("https://cdn.discordapp.com.evil.example/a.csv", None).is_none());
        assert!(allowed_url("https://example.com/a.csv", None).is_none());
        assert!(allowed_url("http://127.0.0.1:8080/attachments/1/a.csv", None).is_none());
        let proxy = Some("http://127.0.0.1:8080");
        assert!(allowed_url("http://127.0.0.1:8080/attachments/1/a.csv", proxy).is_some());
        assert!(allowed_url("http://127.0.0.1:9090/attachments/1/a.csv", proxy).is_none());
        assert!(allowed_url(cdn, proxy).is_some());
        assert!(allowed_url("not a url", proxy).is_none());
    }
}
