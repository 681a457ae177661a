//! What every request handler shares: the store, the site, and the settings read at start.

use std::path::Path;
use std::sync::Arc;

use app::FieldBundle;
use app::domain::assessment::ScoreRule;
use app::domain::directive::EscalationRule;
use app::domain::evaluation::TallyRule;
use app::domain::pace::PaceSettings;
use app::domain::poster::PosterSettings;
use app::domain::privacy::PrivacySettings;
use app::domain::submission::SubmissionSettings;
use app::domain::weekly::WeeklySettings;
use app::store::SharedStore;
use leptos::prelude::LeptosOptions;

use crate::auth::AuthSettings;
use crate::http::page_cache::PageCache;
use crate::service::feedback::FeedbackLimit;
use crate::service::push_limit::PushLimit;
use crate::store::Blobs;
use crate::store::changes::Changes;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    /// Photo bytes (a directory or an S3 bucket).
    pub blobs: Blobs,
    /// Whether `/pkg` files carry content hashes (then they are cached for a year).
    pub hashed_assets: bool,
    /// The field page's own bundle, when the site was built with one.
    pub field_bundle: Option<FieldBundle>,
    pub auth: Arc<AuthSettings>,
    /// The three colours' thresholds, for every page.
    pub pace: PaceSettings,
    pub weekly: WeeklySettings,
    /// How unanswered 督办单 escalate.
    pub escalation: EscalationRule,
    /// When monthly submissions are due.
    pub submission: SubmissionSettings,
    /// The 考核 weights and deductions.
    pub score: ScoreRule,
    /// Days without a sync that make a unit quiet.
    pub staleness: app::domain::staleness::StalenessSettings,
    /// What the public is not shown: small totals about people.
    pub privacy: PrivacySettings,
    /// What a 民生码 poster prints.
    pub poster: PosterSettings,
    /// The 满意度测评's tally rule for windows opened from now on.
    pub evaluation_rule: TallyRule,
    /// Residents' ratings per address and device (429 beyond it).
    pub feedback_limit: Arc<FeedbackLimit>,
    /// Sync pushes per account (429 beyond it).
    pub push_limit: Arc<PushLimit>,
    /// Moves when the database changes; nothing is served from memory until something
    /// watches it (`store::changes::watch`, started by `serve`).
    pub changes: Arc<Changes>,
    /// Public pages kept in memory until `changes` moves.
    pub page_cache: Arc<PageCache>,
}

impl AppState {
    /// State for the site built in `site_root`, served at `addr`.
    pub fn new(
        store: SharedStore,
        blobs: Blobs,
        site_root: &Path,
        addr: std::net::SocketAddr,
    ) -> Self {
        let site = crate::config::site::load(site_root, addr);
        let changes = Changes::new();
        AppState {
            leptos_options: site.options,
            store,
            blobs,
            hashed_assets: site.hashed,
            field_bundle: site.field_bundle.map(FieldBundle),
            auth: Arc::new(AuthSettings::default()),
            pace: PaceSettings::default(),
            weekly: WeeklySettings {
                grace_days: app::domain::weekly::DEFAULT_GRACE_DAYS,
            },
            escalation: EscalationRule::default(),
            submission: SubmissionSettings::default(),
            score: ScoreRule::default(),
            staleness: Default::default(),
            privacy: PrivacySettings::default(),
            poster: PosterSettings::default(),
            evaluation_rule: TallyRule::default(),
            feedback_limit: Arc::new(FeedbackLimit::default()),
            push_limit: Arc::new(PushLimit::new(crate::auth::DEFAULT_PUSH_PER_MINUTE)),
            page_cache: PageCache::new(changes.clone()),
            changes,
        }
    }

    /// The supervision loop's settings as the pages read them.
    pub fn loop_settings(&self) -> app::server_fns::ssr::LoopSettings {
        app::server_fns::ssr::LoopSettings {
            pace: self.pace,
            grace_days: self.weekly.grace_days,
            escalation: self.escalation,
            submission: self.submission,
            score: self.score,
            staleness: self.staleness,
        }
    }

    pub fn with_auth(mut self, auth: AuthSettings) -> Self {
        self.push_limit = Arc::new(PushLimit::new(auth.push_per_minute));
        self.auth = Arc::new(auth);
        self
    }

    pub fn with_pace(mut self, pace: PaceSettings, weekly: WeeklySettings) -> Self {
        self.pace = pace;
        self.weekly = weekly;
        self
    }

    /// The supervision loop's settings: 督办单 escalation, monthly submissions' due day,
    /// the 考核 rule.
    pub fn with_supervision(
        mut self,
        escalation: EscalationRule,
        submission: SubmissionSettings,
        score: ScoreRule,
        staleness: app::domain::staleness::StalenessSettings,
    ) -> Self {
        self.escalation = escalation;
        self.submission = submission;
        self.score = score;
        self.staleness = staleness;
        self
    }

    pub fn with_public(mut self, privacy: PrivacySettings, poster: PosterSettings) -> Self {
        self.privacy = privacy;
        self.poster = poster;
        self
    }

    pub fn with_evaluation_rule(mut self, rule: TallyRule) -> Self {
        self.evaluation_rule = rule;
        self
    }
}
