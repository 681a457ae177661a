//! The account forms of the pages: sign-in, sign-out, one's own password, and account
//! administration. Like every page form (`page_form`) they work without JavaScript.

use super::extract::Path;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::StatusCode;
use http::request::Parts;

use app::domain::account::{CreateUserRequest, PlanRole, Role};
use app::session::safe_next;

use super::extract::Client;
use super::page_form::{FormFields, PageForm, refused, see_other, session_of};
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
    let form = match PageForm::parse(&parts, &body, "/account".into(), "password") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = if form.get("new_password") != form.get("confirm_password") {
        Err(ApiError::Invalid(app::text::PASSWORDS_DIFFER.to_string()))
    } else {
        account::change_own_password(
            state.store.as_ref(),
            &form.viewer,
            session_of(&parts).token_hash.as_deref(),
            &form.get("current_password"),
            &form.get("new_password"),
        )
        .await
        .map(|()| form.done("changed"))
        .map_err(ApiError::from)
    };
    form.answer(&state, &parts, result).await
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
    let form = match PageForm::parse(&parts, &body, "/admin/users".into(), "create") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result: Result<String, ApiError> = async {
        let request = CreateUserRequest {
            username: form.get("username"),
            display_name: form.get("display_name"),
            unit_id: form
                .get("unit_id")
                .parse()
                .map_err(|_| ApiError::Invalid("请选择所属单位".to_string()))?,
            password: form.get("password"),
            role: role_from(&form.fields)?,
        };
        account::create_user(state.store.as_ref(), &form.viewer, &request).await?;
        Ok(form.done("created"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

async fn user_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = match PageForm::parse(&parts, &body, "/admin/users".into(), format!("user-{id}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let (store, viewer) = (state.store.as_ref(), &form.viewer);
    let result = match action.as_str() {
        "disable" => account::set_disabled(store, viewer, id, true)
            .await
            .map(|_| "disabled")
            .map_err(ApiError::from),
        "enable" => account::set_disabled(store, viewer, id, false)
            .await
            .map(|_| "enabled")
            .map_err(ApiError::from),
        "password" => account::reset_password(store, viewer, id, &form.get("new_password"))
            .await
            .map(|_| "password")
            .map_err(ApiError::from),
        "role" => match role_from(&form.fields) {
            Ok(Some(role)) => account::set_role(store, viewer, id, &role)
                .await
                .map(|_| "role")
                .map_err(ApiError::from),
            Ok(None) => Err(ApiError::Invalid("请选择角色".to_string())),
            Err(e) => Err(e),
        },
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    form.answer(&state, &parts, result.map(|done| form.done(done)))
        .await
}
