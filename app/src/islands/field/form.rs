//! The report form: pick an item, enter this visit's figures, explain, save. Errors are
//! explained in Chinese before anything is saved, by the same rules the server applies.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::plan::{IndicatorKind, Item};
use crate::domain::report::FieldError;
use crate::field::browser::device::{self, HeldLock};
use crate::field::browser::storage::{clear_draft, load_draft, save_draft};
use crate::field::draft::Draft;
use crate::field::form::{TypedReport, TypedValue, typed_from};
use crate::text;

use super::controller;
use super::evidence::{AttachedHere, forget_unused};
use super::evidence_chunk::EvidenceSlot;
use super::{FieldState, Screen};

#[component]
pub fn ReportForm(state: FieldState, editing: Option<Uuid>) -> impl IntoView {
    let catalogue = state.catalogue.get_untracked();
    let existing = editing.and_then(|id| {
        state
            .entries
            .get_untracked()
            .into_iter()
            .find(|e| e.report.id == id)
    });
    let opened = match (&existing, &catalogue) {
        (Some(entry), Some(c)) => c
            .item(&entry.report.plan, entry.report.item)
            .map(|(_, item)| typed_from(&entry.report, item))
            .unwrap_or_default(),
        _ => TypedReport {
            captured_on: device::today().to_string(),
            ..TypedReport::default()
        },
    };
    let viewer = catalogue.as_ref().map(|c| c.viewer.id);
    // What this user typed here before a reload, a killed tab or a closed browser.
    let restored = viewer
        .and_then(load_draft)
        .filter(|d| d.editing.map(|(id, _)| id) == editing);
    let version = match &restored {
        Some(d) => d.editing.map(|(_, v)| v),
        None => existing.as_ref().map(|e| e.local_version),
    };
    let initial = restored
        .as_ref()
        .map_or_else(|| opened.clone(), |d| d.typed.clone());
    let before: Vec<Uuid> = opened.photos.iter().map(|p| p.id).collect();
    let typed = RwSignal::new(initial);
    // Every change is kept at once; the draft ends when the form is saved or cancelled.
    Effect::new(move |_| {
        let Some(viewer) = viewer else { return };
        let draft = Draft {
            viewer,
            editing: editing.zip(version),
            typed: typed.get(),
        };
        if draft.differs_from(&opened)
            && let Err(e) = save_draft(&draft)
        {
            leptos::logging::warn!("draft not kept: {e}");
        }
    });
    let attached: AttachedHere = StoredValue::new(Vec::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // Holding a Web Lock while editing keeps a second tab from editing the same report.
    let lock: StoredValue<Option<HeldLock>, LocalStorage> = StoredValue::new_local(None);
    if let Some(id) = editing {
        spawn_local(async move {
            match device::try_lock(&format!("taizhang-edit-{id}")).await {
                Some(held) => lock.set_value(Some(held)),
                None => {
                    state.warn(text::FIELD_OTHER_TAB_EDITING);
                    state.screen.set(Screen::List);
                }
            }
        });
    }
    let items: Vec<(String, Item)> = catalogue
        .iter()
        .flat_map(|c| {
            c.plans
                .iter()
                .flat_map(|p| p.items.iter().map(|i| (p.code.clone(), i.clone())))
        })
        .collect();
    let items_for_select = items.clone();
    let chosen_item = move || {
        let t = typed.read();
        items
            .iter()
            .find(|(plan, i)| *plan == t.plan && i.number == t.item)
            .map(|(_, i)| i.clone())
    };
    // The figures the reporter was asked to confirm (see `controller::save`).
    let confirmed_for = StoredValue::new(None::<TypedReport>);
    let close = {
        let before = before.clone();
        move || {
            // Cancelled: the report keeps its photos, and new ones are forgotten.
            forget_unused(attached.get_value(), Vec::new(), before.clone());
            if let Some(viewer) = viewer {
                clear_draft(viewer);
            }
            lock.set_value(None);
            state.screen.set(Screen::List);
        }
    };
    // A save is one asynchronous write: a second tap meanwhile must not save twice.
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        // The same figures saved twice in a row, after the concern was shown: confirmed.
        let now_typed = typed.get_untracked();
        let confirmed = confirmed_for.get_value().as_ref() == Some(&now_typed);
        let editing = editing.zip(version);
        let before = before.clone();
        // Read now: once saved, the form (and what it owns) goes away.
        let attached_now = attached.get_value();
        spawn_local(async move {
            match controller::save(state, &now_typed, editing, confirmed).await {
                Ok(()) => {
                    if let Some(viewer) = viewer {
                        clear_draft(viewer);
                    }
                    let kept = now_typed.photos.iter().map(|p| p.id).collect();
                    forget_unused(attached_now, before, kept);
                    lock.try_set_value(None);
                }
                Err(e) => {
                    let asks =
                        !e.is_empty() && e.iter().all(|e| e.field == controller::CONFIRM_FIELD);
                    confirmed_for.set_value(asks.then_some(now_typed));
                    errors.set(e);
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="stack report-form" id="report-form" on:submit=submit novalidate>
            <h2>{if editing.is_some() { text::FORM_EDIT } else { text::FORM_NEW }}</h2>
            {restored.is_some().then(|| view! { <p class="notice" id="draft-restored">{text::FORM_DRAFT_RESTORED}</p> })}
            {move || {
                let e = errors.get();
                (!e.is_empty()).then(|| view! {
                    <div class="form-error" role="alert">
                        {(!e.iter().all(|e| e.field == controller::CONFIRM_FIELD)).then(|| view! { <p>{text::FORM_FIX}</p> })}
                        <ul>{e.into_iter().map(|e| view! { <li>{e.message}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <label>
                {text::FORM_ITEM}
                <select
                    name="item"
                    disabled=editing.is_some()
                    on:change:target=move |ev| {
                        let value = ev.target().value();
                        typed.update(|t| {
                            let (plan, number) = value.split_once('#').unwrap_or_default();
                            t.plan = plan.to_string();
                            t.item = number.parse().unwrap_or_default();
                            t.values.clear();
                        });
                    }
                >
                    <option value="" selected=move || typed.read().item == 0>{text::FORM_CHOOSE_ITEM}</option>
                    {items_for_select
                        .into_iter()
                        .map(|(plan, item)| {
                            let value = format!("{plan}#{}", item.number);
                            let selected = {
                                let plan = plan.clone();
                                move || { let t = typed.read(); t.plan == plan && t.item == item.number }
                            };
                            view! { <option value=value selected=selected>{format!("({}) {}", item.number, item.title)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {text::FORM_DATE}
                <input
                    type="date"
                    name="captured_on"
                    prop:value=move || typed.read().captured_on.clone()
                    on:input:target=move |ev| typed.update(|t| t.captured_on = ev.target().value())
                />
                <small class="muted">{text::FORM_DATE_HINT}</small>
            </label>
            {move || chosen_item().map(|item| view! { <IndicatorInputs item typed /> })}
            <TextArea label=text::FORM_NARRATIVE name="narrative" typed get=|t| t.narrative.clone() set=|t, v| t.narrative = v />
            <TextArea label=text::FORM_DIFFICULTIES name="difficulties" typed get=|t| t.difficulties.clone() set=|t, v| t.difficulties = v />
            <TextArea label=text::FORM_NEXT_STEPS name="next_steps" typed get=|t| t.next_steps.clone() set=|t, v| t.next_steps = v />
            <label>
                {text::FORM_PLACE}
                <input
                    name="place"
                    prop:value=move || typed.read().place.clone()
                    on:input:target=move |ev| typed.update(|t| t.place = ev.target().value())
                />
            </label>
            <EvidenceSlot typed attached />
            <p class="form-buttons">
                <button type="submit" disabled=move || saving.get()>{text::FORM_SAVE}</button>
                <button type="button" class="secondary" id="cancel-report" on:click=move |_| close()>{text::FORM_CANCEL}</button>
            </p>
        </form>
    }
}

#[component]
fn TextArea(
    label: &'static str,
    name: &'static str,
    typed: RwSignal<TypedReport>,
    get: fn(&TypedReport) -> String,
    set: fn(&mut TypedReport, String),
) -> impl IntoView {
    view! {
        <label>
            {label}
            <textarea
                name=name
                rows="3"
                prop:value=move || get(&typed.read())
                on:input:target=move |ev| typed.update(|t| set(t, ev.target().value()))
            ></textarea>
        </label>
    }
}

/// One input per indicator, shaped by its kind.
#[component]
fn IndicatorInputs(item: Item, typed: RwSignal<TypedReport>) -> impl IntoView {
    view! {
        <fieldset class="indicator-inputs">
            <legend>{text::FORM_INDICATORS}</legend>
            {item
                .indicators
                .into_iter()
                .map(|ind| {
                    let code = ind.code.clone();
                    let read = {
                        let code = code.clone();
                        move |f: fn(&TypedValue) -> String| {
                            typed.read().values.iter().find(|v| v.code == code).map(f).unwrap_or_default()
                        }
                    };
                    let write = {
                        let code = code.clone();
                        move |f: &dyn Fn(&mut TypedValue)| {
                            typed.update(|t| {
                                if !t.values.iter().any(|v| v.code == code) {
                                    t.values.push(TypedValue { code: code.clone(), ..TypedValue::default() });
                                }
                                if let Some(v) = t.values.iter_mut().find(|v| v.code == code) {
                                    f(v);
                                }
                            })
                        }
                    };
                    let unit = ind.unit.clone().unwrap_or_default();
                    let name = format!("value-{code}");
                    let input = match ind.kind {
                        IndicatorKind::Count | IndicatorKind::Rate | IndicatorKind::Amount => {
                            let hint = if ind.kind == IndicatorKind::Count { text::FORM_INCREMENT } else { text::FORM_CURRENT };
                            let read = read.clone();
                            EitherOf3::A(view! {
                                <span class="number-input">
                                    <span class="muted">{hint} {(ind.kind == IndicatorKind::Count).then_some(" +")}</span>
                                    <input
                                        name=name
                                        inputmode="decimal"
                                        prop:value=move || read(|v| v.number.clone())
                                        on:input:target=move |ev| { let s = ev.target().value(); write(&move |v| v.number = s.clone()) }
                                    />
                                    <span>{unit}</span>
                                </span>
                            })
                        }
                        IndicatorKind::Coverage => {
                            let read = read.clone();
                            EitherOf3::B(view! {
                                <span class="places-input">
                                    <span class="muted">{text::FORM_PLACES}</span>
                                    <textarea
                                        name=name
                                        rows="3"
                                        prop:value=move || read(|v| v.places.clone())
                                        on:input:target=move |ev| { let s = ev.target().value(); write(&move |v| v.places = s.clone()) }
                                    ></textarea>
                                </span>
                            })
                        }
                        IndicatorKind::Milestone => {
                            let read_done = read.clone();
                            let write_done = write.clone();
                            EitherOf3::C(view! {
                                <span class="milestone-input">
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name=name
                                            prop:checked=move || read_done(|v| v.done.to_string()) == "true"
                                            on:change:target=move |ev| { let c = ev.target().checked(); write_done(&move |v| v.done = c) }
                                        />
                                        {text::FORM_DONE}
                                    </label>
                                    <label>
                                        {text::FORM_DONE_ON}
                                        <input
                                            type="date"
                                            prop:value=move || read(|v| v.done_on.clone())
                                            on:input:target=move |ev| { let s = ev.target().value(); write(&move |v| v.done_on = s.clone()) }
                                        />
                                    </label>
                                </span>
                            })
                        }
                    };
                    view! {
                        <div class="indicator-input" data-indicator=code>
                            <p class="indicator-name">{ind.name.clone()} " · " {text::target(&ind)}</p>
                            {text::own_progress(&ind).map(|p| view! { <p class="indicator-mine muted">{p}</p> })}
                            {input}
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
