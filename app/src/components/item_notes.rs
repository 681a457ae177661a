//! 进展公开 on an item's page: the published monthly notes as a timeline for everyone; for
//! the lead unit the form to write this month's (started from its accepted reports), and
//! for the 督查室 each draft to edit and publish.

use leptos::prelude::*;

use crate::domain::monthly::Month;
use crate::domain::progress_note::{MAX_NOTE_CHARS, NoteStatus, ProgressNote};
use crate::forms::{FormError, previous_value};
use crate::text;

/// What the viewer may do with the item's notes.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoteRights {
    /// The lead unit's manager: writes, for this month, starting from `draft`.
    pub write: Option<(Month, String)>,
    /// The 督查室: edits and publishes drafts.
    pub publish: bool,
}

#[component]
pub fn ItemNotes(
    plan: String,
    number: u32,
    notes: Vec<ProgressNote>,
    rights: NoteRights,
) -> impl IntoView {
    let action = |what: &str| format!("/plans/{plan}/items/{number}/notes/{what}");
    let timeline = if notes.iter().all(|n| n.status != NoteStatus::Published) {
        view! { <p class="muted">{text::NOTES_NONE}</p> }.into_any()
    } else {
        view! {
            <ol class="note-timeline">
                {notes
                    .iter()
                    .filter(|n| n.status == NoteStatus::Published)
                    .map(|n| view! {
                        <li data-month=n.month.key()>
                            <strong>{n.month.label()}</strong>
                            <p>{n.text.clone()}</p>
                        </li>
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let drafts = rights.publish.then(|| {
        notes
            .iter()
            .filter(|n| n.status == NoteStatus::Draft)
            .map(|n| {
                view! {
                    <form method="post" action=action("publish") class="note-form" data-month=n.month.key()>
                        <input type="hidden" name="month" value=n.month.key() />
                        <label>
                            {format!("{}（{} {}）", n.month.label(), n.written_by, text::NOTES_DRAFT)}
                            <textarea name="text" rows="3" maxlength=MAX_NOTE_CHARS>{text::escape_raw_text(&n.text)}</textarea>
                        </label>
                        <button type="submit">{text::NOTES_PUBLISH}</button>
                    </form>
                }
            })
            .collect_view()
    });
    let writer = rights.write.map(|(month, draft)| {
        let typed = previous_value("note-write", "text");
        let start = if typed.is_empty() { draft } else { typed };
        view! {
            <form method="post" action=action("write") class="note-form">
                <input type="hidden" name="month" value=month.key() />
                <label>
                    {format!("{}{}", month.label(), text::NOTES_WRITE)}
                    <textarea name="text" rows="3" required maxlength=MAX_NOTE_CHARS>{text::escape_raw_text(&start)}</textarea>
                </label>
                <p class="muted">{text::NOTES_WRITE_HELP}</p>
                <button type="submit">{text::NOTES_SAVE}</button>
            </form>
        }
    });
    view! {
        <section class="item-notes" id="notes">
            <h2>{text::NOTES}</h2>
            {timeline}
            <FormError form="note-write" />
            <FormError form="note-publish" />
            {writer}
            {drafts}
        </section>
    }
}
