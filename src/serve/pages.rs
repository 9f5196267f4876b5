//! The pages.

use std::sync::Arc;

use axum::Router;

use super::ops::State;

pub fn routes() -> Router<Arc<State>> {
    Router::new()
}
