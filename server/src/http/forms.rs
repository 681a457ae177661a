//! The HTML forms of the pages (sign-in, password, account administration). They work
//! without JavaScript: success answers `303 See Other` to the next page; a refusal renders
//! the same page again with the message and what the user typed (never passwords).

use super::extract::Path;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::request::Parts;
use http::{Method, Request, StatusCode};
use leptos::prelude::provide_context;

use app::domain::account::{CreateUserRequest, CurrentUser, PlanRole, Role};
use app::forms::FormFeedback;
use app::session::safe_next;
use app::shell;

use super::Session;
use super::extract::Client;
use super::session_api::with_cookie;
use super::{ApiError, AppState};
use crate::auth::{clear_session_cookie, session_cookie, sign_in, sign_out};
use crate::service::account;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/account/password", post(change_password))
        .route("/admin/users", post(create_user))
        .route("/admin/users/{id}/{action}", post(user_action))
}

/// A submitted `application/x-www-form-urlencoded` body; keeps repeated fields
/// (checkboxes) that a struct-based decoder would drop.
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

    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// What to show again in a refused form: everything but passwords.
    fn echo(&self) -> Vec<(String, String)> {
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

async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let next = safe_next(Some(&form.get("next")));
    let session = session_of(&parts);
    match sign_in(
        state.store.as_ref(),
        &state.auth,
        &form.get("username"),
        &form.get("password"),
        &client,
        session.token_hash.as_deref(),
    )
    .await
    {
        Ok(signed_in) => {
            let cookie = session_cookie(
                &signed_in.token,
                signed_in.lifetime.as_secs(),
                state.auth.secure_cookie_for(&parts.headers),
            );
            with_cookie(see_other(&next).into_response(), &cookie)
        }
        Err(e) => {
            let error = ApiError::from(e);
            let path = format!("/login?next={}", next.replace('&', "%26"));
            refused(&state, &parts, &path, "login", &form, error).await
        }
    }
}

async fn logout(State(state): State<AppState>, parts: Parts) -> Response {
    let session = session_of(&parts);
    let ended = match &session.token_hash {
        Some(hash) => match sign_out(state.store.as_ref(), hash, session.viewer.as_ref()).await {
            Ok(ended) => ended,
            Err(e) => return ApiError::from(e).into_response(),
        },
        None => false,
    };
    // Already signed out (expired elsewhere): show the sign-in page instead of home.
    let to = if ended { "/" } else { "/login" };
    with_cookie(
        see_other(to).into_response(),
        &clear_session_cookie(state.auth.secure_cookie_for(&parts.headers)),
    )
}

async fn change_password(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let form = FormFields::parse(&body);
    let session = session_of(&parts);
    let Some(viewer) = session.viewer.clone() else {
        return see_other("/login?next=/account").into_response();
    };
    let result = if form.get("new_password") != form.get("confirm_password") {
        Err(ApiError::Invalid(app::text::PASSWORDS_DIFFER.to_string()))
    } else {
        account::change_own_password(
            state.store.as_ref(),
            &viewer,
            session.token_hash.as_deref(),
            &form.get("current_password"),
            &form.get("new_password"),
        )
        .await
        .map_err(ApiError::from)
    };
    match result {
        Ok(()) => see_other("/account?done=changed").into_response(),
        Err(e) => refused(&state, &parts, "/account", "password", &form, e).await,
    }
}

/// The role a form names; an empty role field means "no role".
fn role_from(form: &FormFields) -> Result<Option<PlanRole>, ApiError> {
    let role = form.get("role");
    if role.is_empty() {
        return Ok(None);
    }
    let role = Role::parse(&role).ok_or_else(|| ApiError::Invalid("未知的角色".to_string()))?;
    let categories = form
        .all("categories")
        .iter()
        .map(|c| c.parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ApiError::Invalid("分管类别无效".to_string()))?;
    Ok(Some(PlanRole {
        plan: form.get("plan"),
        role,
        categories,
    }))
}

async fn create_user(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let form = FormFields::parse(&body);
    let Some(viewer) = session_of(&parts).viewer else {
        return see_other("/login?next=/admin/users").into_response();
    };
    let result: Result<i64, ApiError> = async {
        let request = CreateUserRequest {
            username: form.get("username"),
            display_name: form.get("display_name"),
            unit_id: form
                .get("unit_id")
                .parse()
                .map_err(|_| ApiError::Invalid("请选择所属单位".to_string()))?,
            password: form.get("password"),
            role: role_from(&form)?,
        };
        Ok(account::create_user(state.store.as_ref(), &viewer, &request).await?)
    }
    .await;
    match result {
        Ok(_) => see_other("/admin/users?done=created").into_response(),
        Err(e) => refused(&state, &parts, "/admin/users", "create", &form, e).await,
    }
}

async fn user_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let Some(viewer) = session_of(&parts).viewer else {
        return see_other("/login?next=/admin/users").into_response();
    };
    let store = state.store.as_ref();
    let result = match action.as_str() {
        "disable" => account::set_disabled(store, &viewer, id, true)
            .await
            .map(|_| "disabled")
            .map_err(ApiError::from),
        "enable" => account::set_disabled(store, &viewer, id, false)
            .await
            .map(|_| "enabled")
            .map_err(ApiError::from),
        "password" => account::reset_password(store, &viewer, id, &form.get("new_password"))
            .await
            .map(|_| "password")
            .map_err(ApiError::from),
        "role" => match role_from(&form) {
            Ok(Some(role)) => account::set_role(store, &viewer, id, &role)
                .await
                .map(|_| "role")
                .map_err(ApiError::from),
            Ok(None) => Err(ApiError::Invalid("请选择角色".to_string())),
            Err(e) => Err(e),
        },
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match result {
        Ok(done) => see_other(&format!("/admin/users?done={done}")).into_response(),
        Err(e) => {
            refused(
                &state,
                &parts,
                "/admin/users",
                &format!("user-{id}"),
                &form,
                e,
            )
            .await
        }
    }
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
