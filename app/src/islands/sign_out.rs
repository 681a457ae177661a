//! 退出登录 with a look at the phone first: the user's reports the server does not have yet
//! are counted from the device's queue, and signing out with any says so. They stay on the
//! phone under their author, are never sent under the next user's sign-in, and go out when
//! the author signs in again. The form itself is plain HTML and works without script.

use leptos::prelude::*;

use crate::text;

/// The viewer is read from `data-viewer` on the page's `#sign-out` (`pages::sign_out`).
#[island]
pub fn SignOutCheck() -> impl IntoView {
    let unsent = RwSignal::new(None::<usize>);
    super::mark_hydrated();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use crate::field::browser::storage::DeviceOutbox;
        use crate::field::engine::OutboxStore;
        let Some(viewer) = document()
            .get_element_by_id("sign-out")
            .and_then(|e| e.get_attribute("data-viewer"))
            .and_then(|id| id.parse::<i64>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let entries = DeviceOutbox.load_all().await.unwrap_or_default();
            unsent.set(Some(crate::field::outbox::unsent_by(&entries, viewer)));
        });
    });
    view! {
        {move || unsent.get().filter(|n| *n > 0).map(|n| view! {
            <div class="form-error" id="unsent-warning" role="alert">
                <p>{text::sign_out_unsent(n)}</p>
                <p><a href="/field">{text::SIGN_OUT_SYNC_FIRST}</a></p>
            </div>
        })}
        <form
            method="post"
            action="/logout"
            id="sign-out-form"
            on:submit=move |_| {
                // The next user of this phone must not work under this user's catalogue.
                #[cfg(feature = "hydrate")]
                crate::field::browser::storage::forget_catalogue();
            }
        >
            <button type="submit">{move || if unsent.get().unwrap_or(0) > 0 { text::SIGN_OUT_ANYWAY } else { text::SIGN_OUT_CONFIRM }}</button>
        </form>
    }
}
