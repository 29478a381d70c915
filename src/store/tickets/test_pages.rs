//! Test helpers shared by the list tests (`sorted_text_tests`, `name_sort_tests`):
//! a whole list read page by page through the cursors, and a first page's plan.

use super::{list, list_plan, ListQuery, SortKey};
use crate::domain::filter::Filter;
use crate::ops::Desk;

/// Every page of a filter in a sort, `limit` rows a page, following the cursors:
/// the ids in list order.
pub(crate) fn pages(
    d: &Desk,
    filter: &str,
    sort: SortKey,
    descending: bool,
    limit: usize,
) -> Vec<i64> {
    let f = Filter::parse(filter).expect("filter");
    let ctx = d.filter_context();
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let q = ListQuery {
            filter: &f,
            ctx: &ctx,
            sort,
            descending,
            after,
            limit,
        };
        let page = list(d.store.conn(), &q).expect("page");
        assert!(page.rows.len() <= limit);
        out.extend(page.rows.iter().map(|t| t.id));
        match page.next {
            Some(c) => after = Some(c),
            None => return out,
        }
    }
}

/// The query plan of a first page of `limit` rows.
pub(crate) fn plan(
    d: &Desk,
    filter: &str,
    sort: SortKey,
    descending: bool,
    limit: usize,
) -> Vec<String> {
    let f = Filter::parse(filter).expect("filter");
    let ctx = d.filter_context();
    let q = ListQuery {
        filter: &f,
        ctx: &ctx,
        sort,
        descending,
        after: None,
        limit,
    };
    list_plan(d.store.conn(), &q).expect("plan")
}
