//! `policylens add|remove|list|reindex|search`: the library commands (being written).
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum LibraryCommand {
    /// List the policies in the library.
    List {},
}

pub fn run(_command: LibraryCommand) -> Result<ExitCode> {
    anyhow::bail!("the library commands are not built yet")
}
