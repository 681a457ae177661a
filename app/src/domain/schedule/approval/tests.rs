use super::*;
use crate::domain::pace::{PaceSettings, plan_paces};
use crate::test_fixtures::{count, d, item, plan, unit};

fn node(day: &str, planned: f64) -> ScheduleNode {
    ScheduleNode {
        due_on: d(day),
        planned: Some(planned),
    }
}

fn proposal(
    id: i64,
    state: ProposalState,
    from: Option<&str>,
    nodes: Vec<ScheduleNode>,
) -> ScheduleProposal {
    ScheduleProposal {
        id,
        item: 3,
        indicator: "facilities".into(),
        nodes,
        proposed_by: "shehui".into(),
        proposed_at: "2024-10-20T02:00:00Z".parse().expect("a time"),
        state,
        decided_by: from.map(|_| "ducha".into()),
        decided_at: None,
        effective_from: from.map(d),
        reason: None,
    }
}

/// Item 3 of the found list: 10 facilities, 3 done; planned on 07-15 must not move when a
/// schedule is approved in November.
fn item3() -> PlanDetail {
    plan(vec![item(
        3,
        "增加社区养老服务设施",
        unit(1, "区社会事业发展局"),
        vec![count("facilities", 10.0, 3.0)],
    )])
}

fn planned_on(plan: &PlanDetail, proposals: &[ScheduleProposal], day: &str) -> f64 {
    let mut at = plan.clone();
    apply(&mut at, proposals, d(day));
    plan_paces(&at, d(day), &PaceSettings::default())[0].indicators[0]
        .planned_percent
        .expect("a numeric indicator")
}

#[test]
fn only_approved_schedules_count_and_only_from_their_day() {
    let plan = item3();
    let approved = proposal(
        1,
        ProposalState::Approved,
        Some("2024-11-05"),
        vec![node("2024-06-30", 10.0)],
    );
    let pending = proposal(
        2,
        ProposalState::Pending,
        None,
        vec![node("2024-03-31", 10.0)],
    );
    let rejected = ScheduleProposal {
        state: ProposalState::Rejected,
        reason: Some("依据不足".into()),
        ..proposal(
            3,
            ProposalState::Rejected,
            None,
            vec![node("2024-02-01", 10.0)],
        )
    };
    let all = [approved.clone(), pending.clone(), rejected.clone()];
    // (day, planned % with no proposals at all, planned % with them)
    let cases = [
        // Before the approval: the straight line, whatever is pending or was sent back.
        ("2024-03-31", planned_on(&plan, &[], "2024-03-31")),
        ("2024-07-15", planned_on(&plan, &[], "2024-07-15")),
        ("2024-11-04", planned_on(&plan, &[], "2024-11-04")),
        // From the approval day: all 10 were due by 06-30.
        ("2024-11-05", 100.0),
        ("2024-12-01", 100.0),
    ];
    for (day, want) in cases {
        let got = planned_on(&plan, &all, day);
        assert!(
            (got - want).abs() < 1e-9,
            "{day}: planned {got}%, want {want}%"
        );
    }
    // The straight line on 07-15 is what it was: 196 of 365 days.
    assert!((planned_on(&plan, &all, "2024-07-15") - 196.0 / 365.0 * 100.0).abs() < 1e-9);
    assert!(in_force(&[pending, rejected], 3, "facilities", d("2024-12-31")).is_none());
}

#[test]
fn the_latest_approval_on_or_before_the_day_is_in_force() {
    let a = proposal(
        1,
        ProposalState::Approved,
        Some("2024-06-01"),
        vec![node("2024-09-30", 5.0)],
    );
    let b = proposal(
        2,
        ProposalState::Approved,
        Some("2024-09-01"),
        vec![node("2024-10-31", 6.0)],
    );
    let c = proposal(
        3,
        ProposalState::Approved,
        Some("2024-09-01"),
        vec![node("2024-11-30", 7.0)],
    );
    let all = [c.clone(), a.clone(), b.clone()];
    let cases = [
        ("2024-05-31", None),
        ("2024-06-01", Some(1)),
        ("2024-08-31", Some(1)),
        // Two approvals the same day: the later one.
        ("2024-09-01", Some(3)),
        ("2024-12-31", Some(3)),
    ];
    for (day, want) in cases {
        let got = in_force(&all, 3, "facilities", d(day)).map(|p| p.id);
        assert_eq!(got, want, "{day}");
    }
    assert!(in_force(&all, 3, "trainees", d("2024-12-31")).is_none());
    assert!(in_force(&all, 4, "facilities", d("2024-12-31")).is_none());
}

#[test]
fn phases_keep_the_schedule_each_day_was_measured_against() {
    let base = vec![node("2024-06-30", 2.0)];
    let early = proposal(
        1,
        ProposalState::Approved,
        Some("2023-12-01"),
        vec![node("2024-05-31", 1.0)],
    );
    let a = proposal(
        2,
        ProposalState::Approved,
        Some("2024-07-01"),
        vec![node("2024-09-30", 5.0)],
    );
    let b = proposal(
        3,
        ProposalState::Approved,
        Some("2024-07-01"),
        vec![node("2024-10-31", 6.0)],
    );
    let pending = proposal(4, ProposalState::Pending, None, vec![]);
    let start = d("2024-01-01");
    assert_eq!(
        phases(&base, &[], 3, "facilities", start),
        vec![(start, base.clone())]
    );
    assert_eq!(
        phases(
            &base,
            &[b.clone(), pending, a, early.clone()],
            3,
            "facilities",
            start
        ),
        vec![
            // Approved before the plan started: in force from its first day.
            (start, early.nodes.clone()),
            (d("2024-07-01"), b.nodes.clone()),
        ]
    );
}

#[test]
fn only_a_pending_proposal_can_be_decided() {
    let cases = [
        (ProposalState::Pending, None),
        (ProposalState::Approved, Some("已批准")),
        (ProposalState::Rejected, Some("已退回")),
        (ProposalState::Superseded, Some("取代")),
    ];
    for (state, refusal) in cases {
        let got = check_decision(&proposal(1, state, None, vec![]));
        match refusal {
            None => assert!(got.is_ok(), "{state:?}"),
            Some(words) => assert!(got.expect_err("refused").contains(words), "{state:?}"),
        }
        assert_eq!(ProposalState::parse(state.as_str()), Some(state));
    }
    let p = [
        proposal(1, ProposalState::Pending, None, vec![]),
        proposal(2, ProposalState::Superseded, None, vec![]),
    ];
    assert_eq!(pending(&p, 3, "facilities").map(|p| p.id), Some(1));
    assert!(pending(&p, 3, "trainees").is_none());
}
