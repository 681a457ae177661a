//! Plain HTML forms (they work without JavaScript): what a page shows after a submission.
//! On an error the server renders the page again with a `FormFeedback` in context, so the
//! user sees the message beside what they typed; on success it redirects with `?done=`.

use leptos::prelude::*;

/// The outcome of a refused form submission, provided as context to the re-rendered page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormFeedback {
    /// Which form on the page was submitted (pages can hold several).
    pub form: String,
    pub error: String,
    /// What the user typed (never passwords), to fill the form again.
    pub values: Vec<(String, String)>,
}

impl FormFeedback {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// The feedback for one form of the page, if that form was just refused.
pub fn feedback_for(form: &str) -> Option<FormFeedback> {
    use_context::<FormFeedback>().filter(|f| f.form == form)
}

/// An error message box for a form, when it has one.
#[component]
pub fn FormError(#[prop(into)] form: String) -> impl IntoView {
    feedback_for(&form).map(|f| {
        view! {
            <p class="form-error" role="alert">
                {f.error}
            </p>
        }
    })
}

/// The value a field had when its form was refused, or empty.
pub fn previous_value(form: &str, name: &str) -> String {
    feedback_for(form)
        .and_then(|f| f.value(name))
        .unwrap_or_default()
}
