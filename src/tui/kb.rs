//! Runs the Knowledge base pane's effects through ops: articles with their solved
//! counts, search, suggestions, links, article saves, playbooks and incidents.

use crate::app::msg::{Failure, ForTicket, KbFx, KbMsg, Msg};
use crate::app::panes::kb::parse_article_text;
use crate::domain::records::Article;
use crate::ops::{ArticleFilter, ArticleInput, Desk, SearchOptions};

/// Search results shown at most.
const SEARCH_LIMIT: usize = 50;
/// Suggestions shown at most.
const SUGGEST_LIMIT: usize = 10;
/// Incidents listed (active first come from ops' newest-first order).
const INCIDENT_LIMIT: usize = 30;

/// Runs one effect of the pane.
pub fn run(desk: &mut Desk, k: KbFx) -> Vec<Msg> {
    vec![Msg::Kb(
        msg(desk, k).unwrap_or_else(|e| KbMsg::Failed(Failure::of(&e))),
    )]
}

fn msg(desk: &mut Desk, k: KbFx) -> crate::Result<KbMsg> {
    Ok(match k {
        KbFx::Load => KbMsg::Loaded {
            articles: desk.article_views(&ArticleFilter::default())?,
            categories: desk.kb_categories()?,
            playbooks: desk.playbooks().to_vec(),
            incidents: desk.incidents(false, INCIDENT_LIMIT)?,
        },
        KbFx::Search(query) => {
            let opts = SearchOptions {
                limit: SEARCH_LIMIT,
                ..Default::default()
            };
            let hits = desk.search(&query, &opts).map_err(|e| Failure::of(&e));
            KbMsg::Searched { query, hits }
        }
        KbFx::Suggest(id) => {
            let t = desk.ticket(id)?;
            KbMsg::Suggested {
                ticket: ForTicket { id, title: t.title },
                rows: desk.suggest_articles(id, SUGGEST_LIMIT)?,
            }
        }
        KbFx::Link { ticket, article } => KbMsg::Linked {
            ticket,
            article,
            new: desk.link_article(ticket, article)?,
        },
        KbFx::Save { id, expected, text } => {
            let old = desk.article(id)?;
            let input = parse_article_text(&text, &old);
            match desk.update_article(id, input, expected) {
                Ok(a) => KbMsg::Saved(Box::new(a)),
                Err(e) if e.is_conflict() => KbMsg::SaveConflict {
                    id,
                    text,
                    failure: Failure::of(&e),
                },
                // Kept too: a bad date or status must not cost the edit.
                Err(e) => KbMsg::SaveFailed {
                    id,
                    text,
                    failure: Failure::of(&e),
                },
            }
        }
        KbFx::Start {
            playbook,
            drill,
            ticket,
        } => KbMsg::Started(Box::new(desk.start_playbook(&playbook, drill, ticket)?)),
        KbFx::Step {
            incident,
            no,
            done,
            expected,
        } => KbMsg::StepSet(Box::new(desk.set_incident_step(
            incident,
            no,
            done,
            Some(expected),
        )?)),
        KbFx::Create(text) => {
            let input = parse_article_text(&text, &Article::default());
            match desk.create_article(input) {
                Ok(a) => KbMsg::Created(Box::new(a)),
                // Kept: a missing title or a bad date must not cost the text.
                Err(e) => KbMsg::CreateFailed {
                    text,
                    failure: Failure::of(&e),
                },
            }
        }
        KbFx::Archive { id, expected } => {
            KbMsg::Archived(Box::new(desk.archive_article(id, Some(expected))?))
        }
        KbFx::Review { id, expected, day } => {
            // The same path as `kb edit --review-by`: every other field as it is.
            let old = desk.article(id)?;
            let input = ArticleInput {
                title: old.title.clone(),
                category: old.category.clone(),
                body: old.body.clone(),
                owner: None,
                status: Some(old.status.to_string()),
                review_by: Some(day),
            };
            KbMsg::Reviewed(Box::new(desk.update_article(id, input, expected)?))
        }
    })
}
