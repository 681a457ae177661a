//! The overview's item filter. The item cards stay plain server-rendered HTML; the island
//! only writes a `<style>` rule hiding the cards (and emptied categories) that do not
//! match, so it needs no item markup in the WASM and nothing breaks without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the filter knows of one item: where it is and the text it is searched by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterEntry {
    pub item: u32,
    pub category: u32,
    /// Lower-cased number, title, content and unit names.
    pub text: String,
}

#[cfg(not(all(feature = "field", feature = "hydrate", not(feature = "ssr"))))]
#[island]
pub fn ItemFilter(entries: Vec<FilterEntry>) -> impl IntoView {
    use crate::text;
    super::mark_hydrated();
    let query = RwSignal::new(String::new());
    let total = entries.len();
    let hidden = Memo::new(move |_| hidden_rule(&entries, &query.read()));
    let shown = move || total - hidden.with(|(n, _)| *n);
    view! {
        <div class="filter">
            <label for="item-filter">{text::FILTER_LABEL}</label>
            <input
                id="item-filter"
                type="search"
                placeholder=text::FILTER_PLACEHOLDER
                prop:value=query
                on:input:target=move |ev| query.set(ev.target().value())
            />
            <output class="filter-count" for="item-filter">
                {move || format!("{} / {total} {}", shown(), text::ITEM_COUNT)}
            </output>
        </div>
        // A raw-text element cannot hold hydration markers, so set its content as a property.
        <style inner_html=move || hidden.with(|(_, rule)| rule.clone())></style>
        <p class="empty" class:hidden=move || shown() != 0>
            {text::FILTER_NONE}
        </p>
    }
}

/// The field page's bundle never shows the overview: there the filter is a plain component
/// the browser never renders, so the island's export, views and props reader (serde_json)
/// stay out of the WASM a phone downloads.
#[cfg(all(feature = "field", feature = "hydrate", not(feature = "ssr")))]
#[component]
pub fn ItemFilter(entries: Vec<FilterEntry>) -> impl IntoView {
    let _ = entries;
}

/// The number of hidden items and a CSS rule hiding them and any category left empty.
#[cfg_attr(
    all(feature = "field", feature = "hydrate", not(feature = "ssr")),
    allow(dead_code)
)]
fn hidden_rule(entries: &[FilterEntry], query: &str) -> (usize, String) {
    let (shown, hidden): (Vec<&FilterEntry>, Vec<&FilterEntry>) =
        entries.iter().partition(|e| matches(&e.text, query));
    if hidden.is_empty() {
        return (0, String::new());
    }
    let mut selectors: Vec<String> = hidden
        .iter()
        .map(|e| format!(".item-card[data-item=\"{}\"]", e.item))
        .collect();
    let mut empty_categories: Vec<u32> = hidden.iter().map(|e| e.category).collect();
    empty_categories.dedup();
    empty_categories.retain(|c| !shown.iter().any(|e| e.category == *c));
    selectors.extend(
        empty_categories
            .iter()
            .map(|c| format!("section.category[data-category=\"{c}\"]")),
    );
    (
        hidden.len(),
        format!("{}{{display:none}}", selectors.join(",")),
    )
}

/// Every whitespace-separated word of the query must occur.
pub fn matches(text: &str, query: &str) -> bool {
    query
        .split_whitespace()
        .all(|word| text.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(item: u32, category: u32, text: &str) -> FilterEntry {
        FilterEntry {
            item,
            category,
            text: text.to_lowercase(),
        }
    }

    #[test]
    fn filter_requires_every_word() {
        let h = "6 新增公办幼儿园学位 区教育局";
        assert!(matches(h, ""));
        assert!(matches(h, "幼儿园"));
        assert!(matches(h, "幼儿园 教育局"));
        assert!(!matches(h, "幼儿园 石桥镇"));
        assert!(matches("dna 产前筛查", "DNA"));
    }

    #[test]
    fn an_empty_query_hides_nothing() {
        let entries = [entry(1, 1, "a"), entry(2, 1, "b")];
        assert_eq!(hidden_rule(&entries, "  "), (0, String::new()));
    }

    #[test]
    fn non_matching_items_and_emptied_categories_are_hidden() {
        let entries = [
            entry(1, 1, "养老"),
            entry(2, 1, "食堂"),
            entry(3, 2, "幼儿园"),
        ];
        let (hidden, rule) = hidden_rule(&entries, "养老");
        assert_eq!(hidden, 2);
        assert_eq!(
            rule,
            ".item-card[data-item=\"2\"],.item-card[data-item=\"3\"],\
             section.category[data-category=\"2\"]{display:none}"
        );
    }
}
