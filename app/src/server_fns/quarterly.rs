//! 季度汇总's server function: the plan as of each quarter's end, its progress and colour
//! per item, and one quarter's pack from the three months' submissions
//! (`domain::quarterly` decides the quarters, months and rows).

use leptos::prelude::*;

pub use crate::domain::quarterly::QuarterlyPage;
use crate::error::AppError;

#[server(prefix = "/fn", endpoint = "quarterly")]
pub async fn get_quarterly(
    plan: String,
    quarter: Option<usize>,
) -> Result<QuarterlyPage, AppError> {
    use crate::domain::pace::PaceStatus;
    use crate::domain::progress::item_percent;
    use crate::domain::quarterly::{quarter_ends, quarter_rows};
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let submission = ssr::loop_settings().submission;
    let base = ssr::plan_of(&store, &plan).await?;
    let limited_to = viewer
        .role_in(&plan)
        .filter(|r| r.role == crate::domain::account::Role::Leader)
        .map(|r| r.categories.clone());
    let until = crate::domain::progress::default_as_of(&base, crate::domain::china_time::today());
    let quarters = quarter_ends(base.summary.starts_on, base.summary.ends_on, until);
    let mut rows = quarter_rows(&base, limited_to.as_deref());
    for (_, day) in &quarters {
        let (at, _) = ssr::load_plan_as_of(&store, &plan, Some(*day)).await?;
        let paces = crate::domain::pace::plan_paces(&at, *day, &settings);
        for row in &mut rows {
            let item = at.item(row.item);
            let status = paces
                .iter()
                .find(|p| p.item == row.item)
                .map_or(PaceStatus::OnPace, |p| p.status);
            row.cells.push((item.map_or(0.0, item_percent), status));
        }
    }
    let chosen = quarter
        .filter(|q| *q < quarters.len())
        .or_else(|| quarters.len().checked_sub(1));
    let pack = match chosen {
        Some(q) => {
            let (label, end) = &quarters[q];
            let months = crate::domain::quarterly::quarter_months(base.summary.starts_on, *end);
            let submissions = store
                .submissions(&plan, None)
                .await
                .map_err(ssr::unavailable)?;
            Some(crate::domain::quarterly::pack(
                q,
                label,
                &rows,
                &months,
                &submissions,
                &submission,
                crate::domain::china_time::today(),
            ))
        }
        None => None,
    };
    Ok(QuarterlyPage {
        title: base.summary.title.clone(),
        plan,
        quarters,
        rows,
        limited_to,
        pack,
    })
}
