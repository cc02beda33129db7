//! `leipzig news`: the city's press releases, offline first.

use leipzig_core::{
    App,
    news::{NewsItem, RefreshOutcome},
};
use serde::Serialize;

use crate::{
    args::{Global, NewsAction, NewsArgs},
    fail::Failure,
    output,
};

/// One item as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct NewsJson {
    id: i64,
    guid: String,
    title: String,
    /// RFC 3339 with Leipzig's offset.
    published: Option<String>,
    link: Option<String>,
    summary: String,
    categories: Vec<String>,
    image_url: Option<String>,
    read: bool,
}

impl From<&NewsItem> for NewsJson {
    fn from(item: &NewsItem) -> Self {
        Self {
            id: item.id,
            guid: item.guid.clone(),
            title: item.title.clone(),
            published: item.published_rfc3339(),
            link: item.link.clone(),
            summary: item.summary.clone(),
            categories: item.categories.clone(),
            image_url: item.image_url.clone(),
            read: item.read,
        }
    }
}

/// Runs `leipzig news …`.
pub async fn run(app: &App, global: &Global, args: &NewsArgs) -> Result<(), Failure> {
    match &args.action {
        Some(NewsAction::Read { id }) => read(app, global, *id),
        None => list(app, global, args).await,
    }
}

async fn list(app: &App, global: &Global, args: &NewsArgs) -> Result<(), Failure> {
    let (stored, _) = app.news().counts()?;
    if args.refresh || (stored == 0 && !app.is_offline()) {
        refresh(app, global, stored > 0).await?;
    } else if stored == 0 {
        return Err(Failure::new(
            "no news stored on this machine yet; run `leipzig news` once without --offline",
        ));
    }
    let items = app.news().list(args.limit, 0)?;
    if global.json {
        return output::json(&items.iter().map(NewsJson::from).collect::<Vec<_>>());
    }
    print_table(&items);
    Ok(())
}

/// Refreshes; with a usable cache a failure is only a warning.
pub async fn refresh(app: &App, global: &Global, have_cache: bool) -> Result<(), Failure> {
    let result = output::with_spinner(
        "Fetching the city's press releases…",
        global.json,
        app.news().refresh(),
    )
    .await;
    match result {
        Ok(RefreshOutcome::NotModified) => {
            if !global.json {
                eprintln!("News are up to date.");
            }
            Ok(())
        }
        Ok(RefreshOutcome::Updated(stats)) => {
            if !global.json {
                eprintln!("{} new, {} updated press releases.", stats.inserted, stats.updated);
            }
            Ok(())
        }
        Err(e) if have_cache => {
            output::warn(&format!("could not refresh the news ({e}); showing the stored ones"));
            Ok(())
        }
        Err(e) => Err(Failure::new(format!(
            "no news stored on this machine and the feed could not be fetched: {e}"
        ))),
    }
}

fn print_table(items: &[NewsItem]) {
    let mut table = output::table(&["ID", "", "Published", "Title", "Categories"]);
    for item in items {
        table.add_row(vec![
            item.id.to_string(),
            if item.read { String::new() } else { "●".to_owned() },
            output::local_time(item.published),
            item.title.clone(),
            item.categories.join(", "),
        ]);
    }
    println!("{table}");
}

fn read(app: &App, global: &Global, id: i64) -> Result<(), Failure> {
    app.news().mark_read(id, true)?;
    let item = app.news().get(id)?;
    if global.json {
        return output::json(&NewsJson::from(&item));
    }
    println!("{}", item.title);
    println!("{}  ·  {}", output::local_time(item.published), item.categories.join(", "));
    println!();
    println!("{}", item.summary);
    if let Some(link) = &item.link {
        println!();
        println!("{link}");
    }
    Ok(())
}
