//! What every page form shares. Page forms work without JavaScript: success answers
//! `303 See Other` to the next page; a refusal renders the same page again with the message
//! and what the user typed (never passwords), with the refusal's status. Nothing is
//! half-applied: the service refuses before it writes.

use axum::body::{Body, Bytes};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{Method, Request, StatusCode};
use leptos::prelude::provide_context;

use app::domain::account::{CurrentUser, Viewer};
use app::forms::FormFeedback;
use app::shell;

use super::Session;
use super::{ApiError, AppState};

/// A page form as it arrives from a signed-in user: its fields, who sent it, the page it
/// belongs to and the form's name on that page (where a refusal's message is shown).
pub(super) struct PageForm {
    pub(super) fields: FormFields,
    pub(super) viewer: Viewer,
    page: String,
    name: String,
}

impl PageForm {
    /// Reads the form. A signed-out sender (or an expired session) is sent to sign in and
    /// then back to `page`: that `Err` is the answer to give.
    pub(super) fn read(
        parts: &Parts,
        fields: FormFields,
        page: String,
        name: impl Into<String>,
    ) -> Result<Self, ToSignIn> {
        match session_of(parts).viewer {
            Some(viewer) => Ok(PageForm {
                fields,
                viewer,
                page,
                name: name.into(),
            }),
            None => Err(ToSignIn(page)),
        }
    }

    /// A urlencoded form (`read` for the common case).
    pub(super) fn parse(
        parts: &Parts,
        body: &Bytes,
        page: String,
        name: impl Into<String>,
    ) -> Result<Self, ToSignIn> {
        Self::read(parts, FormFields::parse(body), page, name)
    }

    pub(super) fn get(&self, name: &str) -> String {
        self.fields.get(name)
    }

    /// A day typed in field `name` (`2024-07-15`), or the field's own message.
    pub(super) fn day(&self, name: &str, message: &str) -> Result<chrono::NaiveDate, ApiError> {
        chrono::NaiveDate::parse_from_str(self.get(name).trim(), "%Y-%m-%d")
            .map_err(|_| ApiError::Invalid(message.to_string()))
    }

    /// The form's page, told what was done (`?done=…`, which the page thanks for).
    pub(super) fn done(&self, what: &str) -> String {
        format!("{}?done={what}", self.page)
    }

    /// The answer: `303` to where success leads, or the page again with the refusal.
    pub(super) async fn answer(
        &self,
        state: &AppState,
        parts: &Parts,
        result: Result<String, impl Into<ApiError>>,
    ) -> Response {
        match result {
            Ok(to) => see_other(&to),
            Err(e) => refused(state, parts, &self.page, &self.name, &self.fields, e).await,
        }
    }
}

/// The item page a form was on (its query's `item=N`), else the plan's page `fallback`
/// (`opinions`, `supervision`): forms shown on both go back where they were sent from.
pub(super) fn item_page_or(parts: &Parts, plan: &str, fallback: &str) -> String {
    let item = parts
        .uri
        .query()
        .and_then(|q| q.strip_prefix("item="))
        .and_then(|n| n.parse::<u32>().ok());
    match item {
        Some(n) => format!("/plans/{plan}/items/{n}"),
        None => format!("/plans/{plan}/{fallback}"),
    }
}

/// The answer to a signed-out sender: to the sign-in page, and back to this page after.
pub(super) struct ToSignIn(String);

impl IntoResponse for ToSignIn {
    fn into_response(self) -> Response {
        see_other(&format!("/login?next={}", self.0))
    }
}

/// A submitted `application/x-www-form-urlencoded` body; keeps repeated fields
/// (checkboxes) that a struct-based decoder would drop.
#[derive(Default)]
pub(super) struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub(super) fn parse(body: &Bytes) -> Self {
        FormFields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// A form whose text fields were read some other way (multipart).
    pub(super) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        FormFields(pairs)
    }

    pub(super) fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every field, in order.
    pub(super) fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// What to show again in a refused form: everything but passwords.
    pub(super) fn echo(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| !k.contains("password"))
            .cloned()
            .collect()
    }
}

/// `303 See Other` to a path of ours. Path parameters are decoded text and may hold
/// anything (`%0D%0A`), and axum's `Redirect` panics on a header value it cannot hold, so
/// every byte outside visible ASCII is percent-encoded again: the browser lands on a page
/// that says "not found" instead of the connection dropping.
pub(super) fn see_other(to: &str) -> Response {
    let mut encoded = String::with_capacity(to.len());
    for byte in to.bytes() {
        if (0x21..0x7f).contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    match http::HeaderValue::from_str(&encoded) {
        Ok(location) => {
            (StatusCode::SEE_OTHER, [(http::header::LOCATION, location)]).into_response()
        }
        Err(_) => ApiError::BadRequest("地址无效。".into()).into_response(),
    }
}

pub(super) fn session_of(parts: &Parts) -> Session {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .unwrap_or_default()
}

/// Renders `path` again with the refusal's message beside the form, with the refusal's
/// status (401, 403, 409, 422, 429 …). Nothing was changed.
pub(super) async fn refused(
    state: &AppState,
    parts: &Parts,
    path: &str,
    form_name: &str,
    form: &FormFields,
    error: impl Into<ApiError>,
) -> Response {
    let (status, _, message) = error.into().parts();
    let feedback = FormFeedback {
        form: form_name.to_string(),
        error: message,
        values: form.echo(),
    };
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(path)
        .body(Body::empty())
        .unwrap_or_default();
    *request.headers_mut() = parts.headers.clone();
    if let Some(session) = parts.extensions.get::<Session>().cloned() {
        request.extensions_mut().insert(session);
    }
    if let Some(current) = parts.extensions.get::<CurrentUser>().cloned() {
        request.extensions_mut().insert(current);
    }
    // The page's scripts must carry the nonce of this response's policy.
    if let Some(nonce) = parts.extensions.get::<super::CspNonce>().cloned() {
        request.extensions_mut().insert(nonce);
    }
    let options = state.leptos_options.clone();
    let context = super::page_context(state);
    let render = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(feedback.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}
