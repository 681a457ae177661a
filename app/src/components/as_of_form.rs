use chrono::NaiveDate;
use leptos::prelude::*;

use crate::text;

/// Picks the day a view is seen from; a plain GET form, so it works without JavaScript.
#[component]
pub fn AsOfForm(as_of: NaiveDate) -> impl IntoView {
    view! {
        <form method="get" class="as-of">
            <label>
                {text::AS_OF} " "
                <input type="date" name="as_of" value=as_of.to_string() />
            </label>
            <button type="submit">{text::AS_OF_SHOW}</button>
            <span class="muted">{text::AS_OF_NOTE}</span>
        </form>
    }
}
