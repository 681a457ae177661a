//! Who is on the other end of a request: the address (for throttling) and the user agent
//! (recorded with the session so a user can tell their devices apart). Read from the
//! request by `http::extract::Client`.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientInfo {
    pub address: String,
    pub user_agent: String,
}
