//! What the server is told at start: the command line (`cli`), the config file and
//! environment (`settings`), and the built site it serves (`site`).

pub mod cli;
pub mod settings;
pub mod site;
